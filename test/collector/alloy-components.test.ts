import * as fs from 'fs';
import * as path from 'path';
import { ALLOY_COMPONENTS, isAlloyComponentName } from '../../lib/collector/alloy-components';
import { CHARTS } from '../../lib/config/charts';
import { REPO_ROOT } from '../support/paths';

/** The vendored list: lib/collector/alloy-components-v<app version>.txt, comments left out. */
function vendored(): { file: string; names: string[] } {
  const file = path.join(REPO_ROOT, 'lib', 'collector', `alloy-components-${CHARTS.alloy.appVersion}.txt`);
  const names = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return { file, names };
}

describe('the Alloy component list', () => {
  test('is vendored for the pinned chart\'s Alloy version, saying where it came from', () => {
    const { file } = vendored();
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^# .*Alloy v1\.18\.1[\s\S]*grafana\/alloy/);
  });

  test('the typed list is the vendored list, name for name', () => {
    expect([...ALLOY_COMPONENTS]).toEqual(vendored().names);
  });

  test('is sorted and without duplicates', () => {
    expect([...ALLOY_COMPONENTS]).toEqual([...new Set(ALLOY_COMPONENTS)].sort());
  });

  test('knows the components the collector uses, and nothing Alloy 1.18 lacks', () => {
    expect(isAlloyComponentName('loki.source.kubernetes_events')).toBe(true);
    expect(isAlloyComponentName('otelcol.processor.filter')).toBe(true);
    expect(isAlloyComponentName('otelcol.connector.routing')).toBe(false);
    expect(isAlloyComponentName('otelcol.processor.routing')).toBe(false);
    expect(isAlloyComponentName(42)).toBe(false);
  });
});
