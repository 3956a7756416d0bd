import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Compliance } from '../lib/compliance/compliance';
import { LgtmCompliance } from '../lib/compliance/lgtm-compliance';
import { ResolvedEnvironment, stackTags } from './environment-config';

/**
 * A stack of one environment: the AWS provider for its region with default tags, the state
 * backend the environment selected, and the compliance check. Platform and observability stacks both extend it.
 */
export abstract class EnvironmentStack extends TerraformStack {
  /** The validated environment this stack belongs to. */
  public readonly env: ResolvedEnvironment;
  /** The AWS provider of the environment's region. */
  public readonly aws: AwsProvider;
  /** The compliance check of this stack: errors in production, warnings elsewhere (env.compliance). */
  public readonly compliance: LgtmCompliance;
  /**
   * The tags of every AWS resource of this stack (the provider's default tags); controllers that
   * create AWS resources outside Terraform take them too.
   */
  public readonly tags: Readonly<Record<string, string>>;

  protected constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    this.env = env;
    this.compliance = Compliance.of(this, { production: env.production, mode: env.compliance });
    this.tags = { ...env.tags, ...stackTags(env.name, id) };
    this.aws = new AwsProvider(this, 'aws', { region: env.region, defaultTags: [{ tags: { ...this.tags } }] });

    const state = env.state;
    if (state.type === 's3') {
      const backend = new S3Backend(this, {
        bucket: state.bucket,
        key: `${state.keyPrefix ?? 'cdktf-lgtm'}/${id}.tfstate`,
        region: state.region ?? env.region,
        encrypt: true,
        dynamodbTable: state.dynamodbTable,
      });
      // S3-native state locking (Terraform >= 1.10); cdktf 0.21 predates the typed option.
      backend.addOverride('use_lockfile', true);
    } else {
      // Terraform runs in cdktf.out/stacks/<stack>/, three levels below the project; a relative path
      // keeps the synthesized JSON machine-independent, and every stack (and every cross-stack
      // terraform_remote_state, which reuses this path) resolves it to the same file.
      const file = `terraform.${id}.tfstate`;
      const dir = state.directory;
      new LocalBackend(this, {
        path: dir === undefined ? `../../../${file}` : path.posix.isAbsolute(dir) ? path.posix.join(dir, file) : path.posix.join('../../..', dir, file),
      });
    }
  }
}
