import { PodSecurityGroup } from '../../lib/aws/pod-security-group';
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
import { OWNER_TAG_RULE as ownerTag } from '../support/compliance';
import { COMPLIANCE_REPORT_FILE, LgtmCompliance, LgtmComplianceProps } from '../../lib/compliance/lgtm-compliance';
import { valueAt } from '../../lib/helm/values';
import { COMPLIANT, ComplianceMode, ComplianceRule, HelmRule, NOT_APPLICABLE, Verdict, nonCompliant } from '../../lib/compliance/rule';
import { COMPLIANCE_RULE_IDS } from '../../lib/compliance/registry';
import { KMS_ROTATION } from '../../lib/compliance/rules/kms';
import { ChartRelease } from '../../lib/helm/chart-release';
import { testStack } from '../support/stack';

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
    // Only Grafana's own pod security group reaches the data stores (LGTM-SG-2).
    const pods = new PodSecurityGroup(stack, 'grafana-pods', { cluster, name: 'lgtm-test-grafana-pods', description: 'Grafana' });
    new GrafanaDatabase(stack, 'db', { cluster, environment: 'test', production, clientSecurityGroupIds: [pods.securityGroupId] });
    new SessionStore(stack, 'sessions', { cluster, environment: 'test', production, clientSecurityGroupIds: [pods.securityGroupId] });
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

describe('LgtmCompliance with rules of your own', () => {
  /** ACME-HELM-1: Loki keeps its logs for at most 31 days. */
  const lokiRetention: HelmRule = {
    kind: 'helm',
    id: 'ACME-HELM-1',
    rationale: 'Logs are kept for at most 31 days, as the privacy policy promises.',
    severity: 'medium',
    cdkNag: [],
    checkov: [],
    charts: ['loki'],
    check: (release) => {
      const period = valueAt(release.values, 'loki.limits_config.retention_period');
      return period === '744h' ? COMPLIANT : nonCompliant(`loki.limits_config.retention_period is ${String(period)}, not 744h`);
    },
  };

  /** A stack with one rotated KMS key, tagged or not, checked with `rules`. */
  function keyStack(rules: readonly ComplianceRule[], tags?: Record<string, string>) {
    const stack = new TerraformStack(Testing.app(), 'keys');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new KmsKey(stack, 'key', { enableKeyRotation: true, tags });
    return { stack, compliance: Compliance.of(stack, { mode: 'error', rules }) };
  }

  test('a user rule fires like a built-in one: finding in the report, synth error naming it', () => {
    const { stack, compliance } = keyStack([ownerTag]);
    expect(compliance.evaluate(stack).findings).toEqual([{
      ruleId: 'ACME-TAGS-1', severity: 'low', level: 'error', address: 'aws_kms_key.key', path: 'keys/key',
      detail: 'tag owner is missing', rationale: ownerTag.rationale, cdkNag: [], checkov: ['CKV_AWS_999'],
    }]);
    expect(() => Testing.synth(stack, true)).toThrow(
      /\[keys\] ACME-TAGS-1 \(low\) aws_kms_key\.key at 'keys\/key': tag owner is missing\. Every KMS key .* \[checkov CKV_AWS_999\] Fix it, or Compliance\.suppress\(construct, 'ACME-TAGS-1', reason\)/,
    );
  });

  test('a user rule stays quiet on a resource that meets it', () => {
    const { stack, compliance } = keyStack([ownerTag], { owner: 'observability' });
    expect(compliance.evaluate(stack).findings).toEqual([]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('the report lists the user rules after the built-ins and counts their checks', () => {
    const { stack, compliance } = keyStack([ownerTag, lokiRetention], { owner: 'observability' });
    const report = compliance.evaluate(stack);
    expect(report.rules).toEqual([...COMPLIANCE_RULE_IDS, 'ACME-TAGS-1', 'ACME-HELM-1']);
    expect(compliance.rules.map((r) => r.id)).toEqual(report.rules);
    // KMS-1, SECRET-1 and ACME-TAGS-1 on the key; ACME-HELM-1 has no release to look at.
    expect(report.summary).toEqual({ checked: 3, compliant: 3, nonCompliant: 0, suppressed: 0 });
  });

  test('a user Helm rule fires on the release values and stays quiet when they meet it', () => {
    const stack = testStack();
    new ChartRelease(stack, 'logs', { chart: 'loki', baseValues: { loki: { limits_config: { retention_period: '744h' } } } });
    const short = new ChartRelease(stack, 'short', { chart: 'loki', baseValues: {}, values: { loki: { limits_config: { retention_period: '90d' } } } });
    new ChartRelease(stack, 'traces', { chart: 'tempo', baseValues: {} });
    const report = new LgtmCompliance({ rules: [lokiRetention] }).evaluate(stack);
    expect(report.findings.filter((f) => f.ruleId === 'ACME-HELM-1').map((f) => `${f.address}: ${f.detail}`)).toEqual([
      `helm_release.${short.release.friendlyUniqueId}: loki.limits_config.retention_period is 90d, not 744h`,
    ]);
  });

  test('the built-in rules run when no rules are given, and the list is not shared between checks', () => {
    expect(new LgtmCompliance().rules.map((r) => r.id)).toEqual(COMPLIANCE_RULE_IDS);
    const rules = [ownerTag];
    const compliance = new LgtmCompliance({ rules });
    rules.push({ ...ownerTag, id: 'ACME-TAGS-2' });
    expect(compliance.rules.map((r) => r.id)).toEqual([...COMPLIANCE_RULE_IDS, 'ACME-TAGS-1']);
  });

  test('fails the synth, naming the rule and the resource, if a check returns something that is not a verdict', () => {
    const broken = { ...ownerTag, check: () => true as unknown as Verdict };
    const { stack } = keyStack([broken]);
    expect(() => Testing.synth(stack, true)).toThrow(
      'LgtmCompliance: rule ACME-TAGS-1 returned true on aws_kms_key.key, but a check returns COMPLIANT, NOT_APPLICABLE or nonCompliant(detail)',
    );
  });

  test('fails the synth, naming the rule and the resource, if a check throws', () => {
    const broken = { ...ownerTag, check: () => { throw new Error('no tags here'); } };
    const { stack } = keyStack([broken]);
    expect(() => Testing.synth(stack, true)).toThrow('LgtmCompliance: rule ACME-TAGS-1 failed on aws_kms_key.key: no tags here');
  });

  test('NOT_APPLICABLE from a user rule is not counted', () => {
    const { stack, compliance } = keyStack([{ ...ownerTag, check: () => NOT_APPLICABLE }]);
    expect(compliance.evaluate(stack).summary.checked).toBe(2);
  });

  describe('validation of rules', () => {
    const build = (rules: unknown) => () => new LgtmCompliance({ rules: rules as ComplianceRule[] });
    const withField = (field: string, value: unknown, base: ComplianceRule = ownerTag) => build([{ ...base, [field]: value }]);

    test('fails if rules is not a list', () => {
      expect(build(ownerTag)).toThrow(/^LgtmCompliance: rules is \{.*\}, but it must be a list of ComplianceRule/);
    });

    test('fails if a rule is not an object', () => {
      expect(build([ownerTag, 'ACME-TAGS-2'])).toThrow("LgtmCompliance: rules[1] is 'ACME-TAGS-2', but a rule is a ResourceRule or HelmRule object");
    });

    test('fails if a rule has no id', () => {
      expect(withField('id', undefined)).toThrow(/rules\[0\]\.id is undefined, but a rule id has the form <PREFIX>-<AREA>-<n>/);
    });

    test.each([['acme-tags-1'], ['ACME-1'], ['ACME-TAGS-01'], ['ACME_TAGS-1'], ['ACME-TAGS-1-2'], ['1ACME-TAGS-1']])('fails if a rule id is %j', (id) => {
      expect(withField('id', id)).toThrow(`rules[0].id is '${id}', but a rule id has the form <PREFIX>-<AREA>-<n> in capitals and digits with a prefix of your own, not LGTM- (e.g. 'ACME-TAGS-1')`);
    });

    test('fails if a rule id takes the LGTM- prefix of the built-in rules', () => {
      expect(withField('id', 'LGTM-TAGS-1')).toThrow(/rules\[0\]\.id is 'LGTM-TAGS-1', but a rule id has the form .*not LGTM-/);
    });

    test('fails if a rule id duplicates a built-in rule', () => {
      expect(build([KMS_ROTATION])).toThrow(/rules\[0\]\.id is 'LGTM-KMS-1', but that is the id of a built-in rule/);
    });

    test('fails if two rules share an id', () => {
      expect(build([ownerTag, lokiRetention, { ...lokiRetention, charts: '*' }])).toThrow(
        "rules[2].id is 'ACME-HELM-1', but rules[1] has the same id; rule ids are unique",
      );
    });

    test.each([[undefined], [''], ['  '], ['Two lines.\nOf rationale.'], [42]])('fails if the rationale is %j', (rationale) => {
      expect(withField('rationale', rationale)).toThrow(/rules\[0\]\.rationale is [^]*, but a rule needs a one-line rationale/);
    });

    test.each([[undefined], ['critical'], ['HIGH']])('fails if the severity is %j', (severity) => {
      expect(withField('severity', severity)).toThrow(/rules\[0\]\.severity is .*, but allowed severities are 'high', 'medium', 'low'/);
    });

    test.each([[undefined], ['terraform']])('fails if the kind is %j', (kind) => {
      expect(withField('kind', kind)).toThrow(/rules\[0\]\.kind is .*, but allowed kinds are 'resource' \(with resourceTypes\) and 'helm' \(with charts\)/);
    });

    test.each([[undefined], [[]], ['aws_kms_key'], [[42]]])('fails if a resource rule has resourceTypes %j', (resourceTypes) => {
      expect(withField('resourceTypes', resourceTypes)).toThrow(/rules\[0\]\.resourceTypes is .*, but a resource rule needs a non-empty list of Terraform types/);
    });

    test.each([[undefined], [[]], [['loki', 'elasticsearch']]])('fails if a Helm rule has charts %j', (charts) => {
      expect(withField('charts', charts, lokiRetention)).toThrow(/rules\[0\]\.charts is .*, but a Helm rule needs a non-empty list of charts \(.*loki.*\) or '\*'/);
    });

    test('fails if a Helm rule lists resourceTypes instead of charts', () => {
      const { charts: _charts, ...rest } = lokiRetention;
      expect(build([{ ...rest, resourceTypes: ['aws_kms_key'] }])).toThrow(/rules\[0\]\.charts is undefined/);
    });

    test.each([[undefined], ['COMPLIANT']])('fails if check is %j', (check) => {
      expect(withField('check', check)).toThrow(/rules\[0\]\.check is .*, but it must be a function returning a Verdict/);
    });

    test.each([['cdkNag'], ['checkov']])('fails if %s is not a list of ids', (field) => {
      expect(withField(field, undefined)).toThrow(new RegExp(`rules\\[0\\]\\.${field} is undefined, but it must be a list of`));
      expect(withField(field, 'CKV_AWS_1')).toThrow(new RegExp(`rules\\[0\\]\\.${field} is 'CKV_AWS_1'`));
    });

    test('fails once, listing every problem of every rule beside the other props', () => {
      const bad = { kind: 'resource', id: 'acme', severity: 'critical', check: 'no', cdkNag: [], checkov: [] };
      expect(() => new LgtmCompliance({ mode: 'strict' as ComplianceMode, rules: [ownerTag, bad as unknown as ComplianceRule] })).toThrow(
        new RegExp([
          "^LgtmCompliance: mode is \"strict\", but .*",
          "; rules\\[1\\]\\.id is 'acme', but .*",
          '; rules\\[1\\]\\.rationale is undefined, but .*',
          "; rules\\[1\\]\\.severity is 'critical', but .*",
          "; rules\\[1\\]\\.check is 'no', but .*",
          '; rules\\[1\\]\\.resourceTypes is undefined, but [^;]*$',
        ].join('')),
      );
    });

    test('Compliance.of validates the rules it passes through', () => {
      const stack = new TerraformStack(Testing.app(), 'keys');
      expect(() => Compliance.of(stack, { rules: [{ ...ownerTag, severity: 'critical' as 'high' }] })).toThrow(/rules\[0\]\.severity is 'critical'/);
    });
  });
});
