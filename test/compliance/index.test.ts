import * as api from '../../lib/compliance';
import { COMPLIANCE_RULES } from '../../lib/compliance/registry';
import * as rules from '../../lib/compliance/rules';

describe('the public API of lib/compliance', () => {
  test('exports by name what a user needs to check a stack and write a rule, and no internals', () => {
    expect(Object.keys(api).sort()).toEqual([
      'COMPLIANCE_MODES', 'COMPLIANCE_REPORT_FILE', 'COMPLIANCE_RULES', 'COMPLIANCE_RULE_IDS', 'COMPLIANT',
      'Compliance', 'LgtmCompliance', 'MIN_SUPPRESSION_REASON', 'NOT_APPLICABLE', 'SEVERITIES', 'nonCompliant',
    ]);
  });

  test('the rules namespace holds every built-in rule object and every area list', () => {
    const exported = Object.values(rules);
    for (const rule of COMPLIANCE_RULES) expect(exported).toContain(rule);
    const lists = Object.entries(rules).filter(([name]) => name.endsWith('_RULES')).map(([, list]) => list as readonly unknown[]);
    const ids = (list: readonly unknown[]) => list.map((r) => (r as { id: string }).id).sort();
    expect(ids(lists.flat())).toEqual(ids(COMPLIANCE_RULES));
    // Rule objects and lists only: helpers the rules share stay in their files.
    expect(Object.keys(rules).length).toBe(COMPLIANCE_RULES.length + lists.length);
  });
});
