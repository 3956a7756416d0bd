import { Testing } from 'cdktf';
import { EnvironmentConfig } from '../../lib/config/environment-config';
import { buildEnvironments } from '../../stacks/app';
import { ENVIRONMENTS } from '../../stacks/environments';
import { VALID_ENV } from '../support/environments';
import { synthJson } from '../support/synth';

const stacks = buildEnvironments(Testing.app(), ENVIRONMENTS);
const all = stacks.flatMap((s) => [s.platform, s.observability]);

describe('the app', () => {
  test('builds a platform and an observability stack per environment', () => {
    expect(all.map((s) => s.node.id)).toEqual([
      'dev-platform', 'dev-observability',
      'staging-platform', 'staging-observability',
      'prod-platform', 'prod-observability',
    ]);
  });

  test('ships dev as monolithic, staging as simple-scalable, prod as microservices with protections', () => {
    expect(stacks.map((s) => [s.platform.env.name, s.platform.env.tier, s.platform.env.production])).toEqual([
      ['dev', 'monolithic', false],
      ['staging', 'simple-scalable', false],
      ['prod', 'microservices', true],
    ]);
  });

  test('deploys the observability stack after its platform stack', () => {
    for (const { platform, observability } of stacks) {
      expect(observability.dependencies).toContain(platform);
    }
  });

  test.each(all.map((s) => [s.node.id, s] as const))('%s synthesizes and passes validation', (_id, stack) => {
    expect(() => synthJson(stack)).not.toThrow();
  });

  test('prod stacks have no compliance findings and fail on any', () => {
    const prod = stacks[2];
    for (const stack of [prod.platform, prod.observability]) {
      const report = stack.compliance.evaluate(stack);
      expect([report.mode, report.findings, report.suppressed]).toEqual(['error', [], []]);
    }
  });

  // The findings dev and staging are expected to warn about; none today.
  const EXPECTED_WARNINGS: Record<string, string[]> = {
    'dev-platform': [], 'dev-observability': [], 'staging-platform': [], 'staging-observability': [],
  };

  test.each(Object.keys(EXPECTED_WARNINGS))('%s warns about exactly its expected findings', (id) => {
    const stack = all.find((s) => s.node.id === id)!;
    const report = stack.compliance.evaluate(stack);
    expect(report.mode).toBe('warning');
    expect(report.findings.map((f) => `${f.ruleId} ${f.address}`)).toEqual(EXPECTED_WARNINGS[id]);
  });

  test.each(all.map((s) => [s.node.id, s] as const))('%s matches its snapshot', (_id, stack) => {
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  test('fails before building anything if an environment is invalid', () => {
    const bad = { ...VALID_ENV, region: 'mars-1' } as EnvironmentConfig;
    const app = Testing.app();
    expect(() => buildEnvironments(app, [VALID_ENV, bad])).toThrow(/region is 'mars-1'/);
    expect(app.node.children).toHaveLength(0);
  });
});
