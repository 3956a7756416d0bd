import * as fs from 'fs';
import * as path from 'path';
import { RULE_ID } from '../../lib/compliance/private/rule-validation';
import { COMPLIANCE_RULES, COMPLIANCE_RULE_IDS } from '../../lib/compliance/registry';

const RULE_TESTS = path.join(__dirname, 'rules');
const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const testSources = fs.readdirSync(RULE_TESTS).map((f) => fs.readFileSync(path.join(RULE_TESTS, f), 'utf8')).join('\n');

describe('the rule registry', () => {
  test('rule ids are unique and follow LGTM-<AREA>-<n>', () => {
    expect(new Set(COMPLIANCE_RULE_IDS).size).toBe(COMPLIANCE_RULE_IDS.length);
    for (const id of COMPLIANCE_RULE_IDS) expect(id).toMatch(/^LGTM-[A-Z0-9]+-\d+$/);
    // The form a user's rule id is checked against too.
    for (const id of COMPLIANCE_RULE_IDS) expect(id).toMatch(RULE_ID);
  });

  test.each(COMPLIANCE_RULES.map((r) => [r.id, r] as const))('%s has a one-line rationale and cross-reference lists', (_id, rule) => {
    expect(rule.rationale).toMatch(/^[A-Z].{20,200}\.$/);
    expect(rule.rationale).not.toContain('\n');
    expect(['high', 'medium', 'low']).toContain(rule.severity);
    for (const id of rule.cdkNag) expect(id).toMatch(/^(AwsSolutions|NIST\.800\.53\.R5)-[A-Za-z0-9]+$/);
    for (const id of rule.checkov) expect(id).toMatch(/^CKV2?_AWS_\d+$/);
  });

  test.each(COMPLIANCE_RULE_IDS.map((id) => [id]))('%s has a test that makes it fire and one that keeps it quiet', (id) => {
    expect(testSources).toContain(`'${id} fires`);
    expect(testSources).toContain(`'${id} stays quiet`);
  });

  test.each(COMPLIANCE_RULES.map((r) => [r.id, r] as const))('%s is listed in the README with its rationale', (id, rule) => {
    expect(README).toContain(`| ${id} | ${rule.severity} | ${rule.rationale} |`);
  });
});
