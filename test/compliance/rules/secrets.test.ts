import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Release } from '@cdktf/provider-helm/lib/release';
import { SECRET_LITERALS, literalSecrets } from '../../../lib/compliance/rules/secrets';
import { bareStack, verdicts } from '../../support/compliance';

describe('LGTM-SECRET-1 literal secrets', () => {
  test('LGTM-SECRET-1 stays quiet on references and on attributes about a secret', () => {
    const stack = bareStack();
    const secret = new SecretsmanagerSecretVersion(stack, 'token', { secretId: 'lgtm/redis', secretString: '${random_password.redis.result}' });
    new ElasticacheReplicationGroup(stack, 'redis', {
      replicationGroupId: 'x', description: 'sessions', authToken: secret.secretString, authTokenUpdateStrategy: 'ROTATE',
    });
    new DbInstance(stack, 'db', {
      instanceClass: 'db.t4g.micro', engine: 'postgres', manageMasterUserPassword: true, masterUserSecretKmsKeyId: 'alias/lgtm',
    });
    expect(verdicts(stack, SECRET_LITERALS)).toEqual({
      'aws_secretsmanager_secret_version.token': 'compliant',
      'aws_elasticache_replication_group.redis': 'compliant',
      'aws_db_instance.db': 'compliant',
    });
  });

  test('LGTM-SECRET-1 fires on a literal password', () => {
    const stack = bareStack();
    new DbInstance(stack, 'db', { instanceClass: 'db.t4g.micro', engine: 'postgres', password: 'hunter2hunter2' });
    expect(verdicts(stack, SECRET_LITERALS)).toEqual({ 'aws_db_instance.db': 'non-compliant: literal value in password' });
  });

  test('LGTM-SECRET-1 fires on a literal auth token and secret string', () => {
    const stack = bareStack();
    new ElasticacheReplicationGroup(stack, 'redis', { replicationGroupId: 'x', description: 'sessions', authToken: 'a-long-literal-token' });
    new SecretsmanagerSecretVersion(stack, 'token', { secretId: 'lgtm/redis', secretString: 'plain' });
    expect(verdicts(stack, SECRET_LITERALS)).toEqual({
      'aws_elasticache_replication_group.redis': 'non-compliant: literal value in auth_token',
      'aws_secretsmanager_secret_version.token': 'non-compliant: literal value in secret_string',
    });
  });

  test('LGTM-SECRET-1 fires on a name/value pair such as a helm set block', () => {
    const stack = bareStack();
    new Release(stack, 'grafana', { name: 'grafana', chart: 'grafana', set: [{ name: 'adminPassword', value: 'admin' }] });
    expect(verdicts(stack, SECRET_LITERALS)).toEqual({ 'helm_release.grafana': 'non-compliant: literal value in set[0].value (adminPassword)' });
  });

  test('leaves settings named like secrets alone', () => {
    expect(literalSecrets({
      metadata_options: { http_tokens: 'required' },
      parameter: [{ name: 'password_encryption', value: 'scram-sha-256' }, { name: 'validate_password.policy', value: 'STRONG' }],
      auth_token_update_strategy: 'ROTATE',
      secret_name: 'lgtm/redis',
    })).toEqual([]);
  });

  test('walks nested maps and lists', () => {
    expect(literalSecrets({ data: { password: 'x', 'config.yaml': 'y' }, env: [{ name: 'API_KEY', value: 'k' }], tags: { token_name: 'n' } })).toEqual([
      'data.password', 'env[0].value (API_KEY)',
    ]);
  });
});
