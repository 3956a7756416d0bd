import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SHARED_SYNTH_ENV } from './shared-synth-env';

/**
 * jest globalSetup: a fresh, empty folder for this run's shared synths (test/support/shipped-synth.ts),
 * named to the workers through SHARED_SYNTH_ENV. Nothing of an earlier run can be read from it;
 * global-teardown.ts removes it.
 */
export default function globalSetup(): void {
  process.env[SHARED_SYNTH_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'lgtm-test-synth-'));
}
