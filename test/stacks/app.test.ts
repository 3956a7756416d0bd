import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { COMPLIANCE_REPORT_FILE } from '../../lib/compliance/lgtm-compliance';
import { ComplianceReport } from '../../lib/compliance/report';
import { EnvironmentConfig } from '../../stacks/environment-config';
import { buildEnvironments } from '../../stacks/app';
import { ENVIRONMENTS } from '../../stacks/environments';
import { VALID_ENV } from '../support/environments';
import { synthApp } from '../support/synth';

const app = Testing.app();
const stacks = buildEnvironments(app, ENVIRONMENTS);
const all = stacks.flatMap((s) => [s.platform, s.observability]);
// The whole app, as `npm run synth` writes it: throws on any production compliance finding.
const synthesized = synthApp(app);
// The report each stack's compliance check wrote in that synth: what stack.compliance.evaluate(stack) returns.
const reportOf = (id: string): ComplianceReport =>
  JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', id, COMPLIANCE_REPORT_FILE), 'utf8')) as ComplianceReport;

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

  test('synthesizes every stack, prod with zero compliance findings', () => {
    expect(Object.keys(synthesized).sort()).toEqual(all.map((s) => s.node.id).sort());
    for (const stack of all.filter((s) => s.env.production)) {
      expect(reportOf(stack.node.id).findings).toEqual([]);
    }
  });

  test('prod stacks have no compliance findings and fail on any', () => {
    const prod = stacks[2];
    for (const stack of [prod.platform, prod.observability]) {
      const report = reportOf(stack.node.id);
      expect([report.mode, report.findings, report.suppressed]).toEqual(['error', [], []]);
    }
  });

  // The findings dev and staging are expected to warn about; none today.
  const EXPECTED_WARNINGS: Record<string, string[]> = {
    // Dev and staging trade these for cost and reach: one day of database backups and an API
    // endpoint open to any address (still authenticated by IAM).
    'dev-platform': ['LGTM-RDS-3 aws_db_instance.grafana-db_instance_A17A13FC', 'LGTM-EKS-3 aws_eks_cluster.eks_cluster_55B0C966'],
    'staging-platform': ['LGTM-RDS-3 aws_db_instance.grafana-db_instance_A17A13FC', 'LGTM-EKS-3 aws_eks_cluster.eks_cluster_55B0C966'],
    'dev-observability': [],
    'staging-observability': [],
  };

  test.each(Object.keys(EXPECTED_WARNINGS))('%s warns about exactly its expected findings', (id) => {
    const report = reportOf(id);
    expect(report.mode).toBe('warning');
    expect(report.findings.map((f) => `${f.ruleId} ${f.address}`)).toEqual(EXPECTED_WARNINGS[id]);
  });

  test.each(all.map((s) => [s.node.id] as const))('%s matches its snapshot', (id) => {
    expect(JSON.stringify(synthesized[id], null, 2)).toMatchSnapshot();
  });

  test('fails before building anything if an environment is invalid', () => {
    const bad = { ...VALID_ENV, region: 'mars-1' } as EnvironmentConfig;
    const app = Testing.app();
    expect(() => buildEnvironments(app, [VALID_ENV, bad])).toThrow(/region is 'mars-1'/);
    expect(app.node.children).toHaveLength(0);
  });
});
