import { ChartRelease } from '../../lib/helm/chart-release';
import { LOKI_MODES, lokiValues } from '../fixtures/chart-values';
import { lokiSchemaErrors } from '../support/loki-schema';
import { testStack } from '../support/stack';

// The Loki chart ships values.schema.json; Helm validates against it at install, so do we first.
describe("Loki values against the chart's values.schema.json (ajv)", () => {
  test.each(LOKI_MODES)('a %s release is valid', (mode) => {
    const release = new ChartRelease(testStack(), 'logs', { chart: 'loki', baseValues: lokiValues(mode) });
    expect(release.values.deploymentMode).toBe(mode);
    expect(lokiSchemaErrors(release.values)).toEqual([]);
  });

  test('fails if a value has the wrong type, which the key index cannot see', () => {
    const release = new ChartRelease(testStack(), 'logs', {
      chart: 'loki',
      baseValues: lokiValues('Distributed'),
      values: { loki: { auth_enabled: 'yes' }, ingester: { replicas: 'three' } },
    });
    expect(lokiSchemaErrors(release.values).map((e) => `${e.instancePath} ${e.message}`)).toEqual(
      expect.arrayContaining(['/loki/auth_enabled must be boolean', '/ingester/replicas must be integer,null']),
    );
  });
});
