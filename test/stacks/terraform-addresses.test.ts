import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildEnvironments } from '../../stacks/app';
import { ENVIRONMENTS } from '../../stacks/environments';
import { SynthesizedStack, synthApp } from '../support/synth';

// Every Terraform address of every shipped environment as it was before the platform and the
// workloads became constructs (LgtmPlatform, LgtmObservability). A changed address is a resource
// Terraform destroys and creates again: a bucket, a database, a cluster. New resources (a backend
// that lands, the outputs it reads across stacks) add addresses; none of these may go. Regenerate
// the file only for a rename that is meant, and say so in review.
const BEFORE: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/terraform-addresses.json'), 'utf8'));

function addressesOf(json: SynthesizedStack): string[] {
  const of = (prefix: string, blocks?: Record<string, Record<string, unknown>>) =>
    Object.entries(blocks ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
  return [...of('', json.resource), ...of('data.', json.data), ...Object.keys(json.output ?? {}).map((name) => `output.${name}`)].sort();
}

describe('Terraform addresses', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'lgtm-addresses-')), skipValidation: true });
  buildEnvironments(app, ENVIRONMENTS);
  const stacks = synthApp(app);

  test('every environment has the stacks it had', () => {
    expect(Object.keys(stacks).sort()).toEqual(Object.keys(BEFORE).sort());
  });

  test.each(Object.keys(BEFORE))('%s keeps every resource, data source and output address', (id) => {
    const now = new Set(addressesOf(stacks[id]));
    expect(BEFORE[id].filter((address) => !now.has(address))).toEqual([]);
  });
});
