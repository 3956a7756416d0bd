import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AnnotationMetadataEntryType, App, Aspects, IAspect, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { ComponentIdentities } from '../../lib/aws/component-identities';
import { EksCluster } from '../../lib/aws/eks-cluster';
import { GrafanaDatabase } from '../../lib/aws/grafana-database';
import { LgtmBuckets } from '../../lib/aws/lgtm-buckets';
import { ManagedMemcached } from '../../lib/aws/managed-memcached';
import { Network } from '../../lib/aws/network';
import { SessionStore } from '../../lib/aws/session-store';
import { Compliance } from '../../lib/compliance/compliance';
import { COMPLIANCE_REPORT_FILE, LgtmCompliance, LgtmComplianceProps } from '../../lib/compliance/lgtm-compliance';
import { ComplianceMode } from '../../lib/compliance/rule';
import { COMPLIANCE_RULE_IDS } from '../../lib/compliance/registry';
import { KMS_ROTATION } from '../../lib/compliance/rules/kms';

/** A stack whose only resource is a KMS key without rotation: exactly one LGTM-KMS-1 finding. */
function stackWithFinding(props: LgtmComplianceProps, app: App = Testing.app()) {
  const stack = new TerraformStack(app, 'keys');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const key = new KmsKey(stack, 'key', {});
  const compliance = Compliance.of(stack, props);
  return { stack, key, compliance };
}

function warningsOf(construct: IConstruct): string[] {
  return construct.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data as string);
}

const tmpOutdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lgtm-compliance-'));

describe('LgtmCompliance', () => {
  test('error mode fails Testing.synth(stack, true), naming the rule, the resource and the fix', () => {
    const { stack } = stackWithFinding({ mode: 'error' });
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[keys\] LGTM-KMS-1 \(medium\) aws_kms_key\.key at 'keys\/key': enable_key_rotation is not true\. .*\[cdk-nag AwsSolutions-KMS5; checkov CKV_AWS_7\] Fix it, or Compliance\.suppress\(construct, 'LGTM-KMS-1', reason\)/,
    );
  });

  test('error mode fails app.synth() and still writes the report', () => {
    const outdir = tmpOutdir();
    const { stack } = stackWithFinding({ mode: 'error' }, new App({ outdir }));
    expect(() => (stack.node.scope as App).synth()).toThrow(/Validation failed with the following errors:\n {2}\[keys\] LGTM-KMS-1/);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'keys', COMPLIANCE_REPORT_FILE), 'utf8'));
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['LGTM-KMS-1']);
  });

  test('warning mode synthesizes and puts one warning on the resource, however often it is synthesized', () => {
    const { stack, key } = stackWithFinding({ mode: 'warning' });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    Testing.synth(stack, true);
    expect(warningsOf(key)).toEqual([expect.stringMatching(/^LGTM-KMS-1 \(medium\) aws_kms_key\.key at 'keys\/key'/)]);
  });

  test('warning mode lets app.synth() write the stack and its report beside it', () => {
    const outdir = tmpOutdir();
    const { stack, compliance } = stackWithFinding({ mode: 'warning' }, new App({ outdir }));
    (stack.node.scope as App).synth();
    const dir = path.join(outdir, 'stacks', 'keys');
    expect(fs.existsSync(path.join(dir, 'cdk.tf.json'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, COMPLIANCE_REPORT_FILE), 'utf8'))).toEqual(compliance.evaluate(stack));
  });

  test('does not run when validations are skipped (Testing.synth without runValidations)', () => {
    const { stack, key } = stackWithFinding({ mode: 'error' });
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(warningsOf(key)).toEqual([]);
  });

  test.each<[boolean, ComplianceMode]>([[true, 'error'], [false, 'warning']])('production %p defaults to mode %s', (production, mode) => {
    expect(new LgtmCompliance({ production }).mode).toBe(mode);
  });

  test('runs after other aspects, on the tree they leave', () => {
    const { stack } = stackWithFinding({ mode: 'error' });
    const rotate: IAspect = { visit: (node) => { if (node instanceof KmsKey) node.enableKeyRotation = true; } };
    Aspects.of(stack).add(rotate);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('works as a plain aspect on a stack too', () => {
    const stack = new TerraformStack(Testing.app(), 'plain');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new KmsKey(stack, 'key', {});
    Aspects.of(stack).add(new LgtmCompliance({ mode: 'error' }));
    expect(() => Testing.synth(stack, true)).toThrow(/LGTM-KMS-1/);
  });

  test('a stack without findings passes in error mode', () => {
    const { stack, key } = stackWithFinding({ mode: 'error' });
    key.enableKeyRotation = true;
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('pins the report shape (the file app.synth() writes)', () => {
    const outdir = tmpOutdir();
    const { stack, key } = stackWithFinding({ production: true }, new App({ outdir }));
    key.lifecycle = { preventDestroy: true };
    const legacy = new KmsKey(stack, 'legacy', { lifecycle: { preventDestroy: true } });
    Compliance.suppress(legacy, 'LGTM-KMS-1', 'imported key of the old platform, rotated by its own runbook');
    expect(() => (stack.node.scope as App).synth()).toThrow(/LGTM-KMS-1/);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'keys', COMPLIANCE_REPORT_FILE), 'utf8'));
    const refs = { rationale: KMS_ROTATION.rationale, cdkNag: ['AwsSolutions-KMS5'], checkov: ['CKV_AWS_7'] };
    expect(report).toEqual({
      reportVersion: 1,
      stack: 'keys',
      mode: 'error',
      production: true,
      rules: COMPLIANCE_RULE_IDS,
      // KMS-1, SECRET-1 and DATA-1 on each key.
      summary: { checked: 6, compliant: 4, nonCompliant: 1, suppressed: 1 },
      findings: [{
        ruleId: 'LGTM-KMS-1', severity: 'medium', level: 'error',
        address: 'aws_kms_key.key', path: 'keys/key', detail: 'enable_key_rotation is not true', ...refs,
      }],
      suppressed: [{
        ruleId: 'LGTM-KMS-1', severity: 'medium',
        address: 'aws_kms_key.legacy', path: 'keys/legacy', detail: 'enable_key_rotation is not true', ...refs,
        reason: 'imported key of the old platform, rotated by its own runbook', suppressedAt: 'keys/legacy',
      }],
    });
    expect(Object.keys(report.findings[0])).toEqual(['ruleId', 'severity', 'level', 'address', 'path', 'detail', 'rationale', 'cdkNag', 'checkov']);
  });

  test('fails if production is not a boolean', () => {
    expect(() => new LgtmCompliance({ production: 'yes' as unknown as boolean, mode: 'error' })).toThrow(
      'LgtmCompliance: production is "yes", but it must be true or false',
    );
  });

  test('fails if the mode is unknown', () => {
    expect(() => new LgtmCompliance({ mode: 'strict' as ComplianceMode })).toThrow(
      "LgtmCompliance: mode is \"strict\", but allowed modes are 'error', 'warning'",
    );
  });
});

describe('LgtmCompliance on the platform constructs of lib/aws', () => {
  /** The AWS platform composed the way PlatformStack will, in production or not. */
  function platform(production: boolean) {
    const stack = new TerraformStack(Testing.app(), production ? 'prod' : 'dev');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const network = new Network(stack, 'network', { production, clusterName: 'lgtm-test' });
    const cluster = new EksCluster(stack, 'eks', {
      network, clusterName: 'lgtm-test', production, adminPrincipalArns: ['arn:aws:iam::111122223333:role/admin'],
      endpoint: { publicAccess: false }, nodes: { instanceTypes: ['m6i.xlarge'], min: 3, desired: 3, max: 6 },
    });
    const buckets = new LgtmBuckets(stack, 'buckets', { environment: 'test', production });
    new ComponentIdentities(stack, 'identities', { cluster, buckets, tier: 'microservices' });
    new GrafanaDatabase(stack, 'db', { cluster, environment: 'test', production });
    new SessionStore(stack, 'sessions', { cluster, environment: 'test', production });
    new ManagedMemcached(stack, 'memcached', { cluster, environment: 'test', name: 'chunks' });
    return new LgtmCompliance({ production }).evaluate(stack);
  }

  test('in production, finds nothing', () => {
    expect(platform(true).findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual([]);
  });

  test('outside production, warns only about the short dev backup retention', () => {
    expect(platform(false).findings.map((f) => `${f.ruleId} ${f.path}: ${f.detail}`)).toEqual([
      'LGTM-RDS-3 dev/db/instance: backup_retention_period is 1, but it must be at least 7',
    ]);
  });
});
