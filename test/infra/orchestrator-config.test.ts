import { describe, expect, it } from 'vitest';
import { resolveOrchestratorConfig } from '../../infra/orchestrator-config';
import { TEST_SETTINGS } from './stack-fixture';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt-key-AbC123';
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('resolveOrchestratorConfig', () => {
  it('applies the documented defaults', () => {
    expect(resolveOrchestratorConfig(TEST_SETTINGS)).toEqual({
      approvalWindowSeconds: 14_400,
      executionWindowSeconds: 3_600,
      runPlaybookTimeoutSeconds: 300,
      authorizerCacheTtlSeconds: 300,
      jwtIssuer: TEST_SETTINGS.jwtIssuer,
      jwtAudience: TEST_SETTINGS.jwtAudience,
      jwtKeySource: { kind: 'jwks', url: TEST_SETTINGS.jwtJwksUrl },
      throttlingRateLimit: 50,
      throttlingBurstLimit: 100,
      apiLoggingLevel: 'ERROR',
      apiGatewayCloudWatchRole: false,
      tableEncryption: { kind: 'aws-owned' },
      logRetentionDays: 30,
      logLevel: 'INFO',
    });
  });

  it('keeps only the integration URLs that are set', () => {
    const config = resolveOrchestratorConfig({
      ...TEST_SETTINGS,
      registryUrl: 'https://registry.example.com',
      runtimeUrl: '',
    });

    expect(config.registryUrl).toBe('https://registry.example.com');
    expect('runtimeUrl' in config).toBe(false);
  });

  it('takes the key from Secrets Manager when a secret ARN replaces the JWKS', () => {
    const config = resolveOrchestratorConfig({
      ...TEST_SETTINGS,
      jwtJwksUrl: undefined,
      jwtSecretArn: SECRET_ARN,
    });

    expect(config.jwtKeySource).toEqual({ kind: 'secret', secretArn: SECRET_ARN });
  });

  it.each([
    ['both key sources', { jwtSecretArn: SECRET_ARN }, 'set either jwtJwksUrl or jwtSecretArn'],
    ['no key source', { jwtJwksUrl: '' }, 'jwtJwksUrl is required (or jwtSecretArn)'],
    [
      'a partial secret ARN',
      { jwtJwksUrl: undefined, jwtSecretArn: SECRET_ARN.slice(0, -7) },
      'the complete secret ARN',
    ],
    ['a window of 0 s', { approvalWindowSeconds: 0 }, 'from 1 to 31536000, got 0'],
    ['a playbook run beyond Lambda’s limit', { runPlaybookTimeoutSeconds: 901 }, 'to 900'],
    ['a cache TTL over an hour', { authorizerCacheTtlSeconds: 3601 }, 'from 0 to 3600'],
    ['a fractional rate', { throttlingRateLimit: 1.5 }, 'throttlingRateLimit'],
    ['a retention CloudWatch does not offer', { logRetentionDays: 31 }, 'logRetentionDays'],
    [
      'a global web ACL',
      { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/b' },
      'REGIONAL',
    ],
    ['a key alias', { encryptionKeyArn: 'alias/orchestrator' }, 'not an alias'],
    ['a bus ARN', { eventBusName: 'arn:aws:events:eu-west-1:1:event-bus/x' }, 'not the ARN'],
    ['two table keys', { encryptionKeyArn: KEY_ARN, customerManagedKey: true }, 'not both'],
  ])('refuses %s and says what to set', (_, settings, message) => {
    expect(() => resolveOrchestratorConfig({ ...TEST_SETTINGS, ...settings })).toThrow(message);
  });

  it('accepts plain http for a local JWKS and refuses it for a remote one', () => {
    const local = { ...TEST_SETTINGS, jwtJwksUrl: 'http://localhost:8004/jwks.json' };
    const remote = { ...TEST_SETTINGS, jwtJwksUrl: 'http://issuer.example.com/jwks.json' };

    expect(resolveOrchestratorConfig(local).jwtKeySource).toEqual({
      kind: 'jwks',
      url: 'http://localhost:8004/jwks.json',
    });
    expect(() => resolveOrchestratorConfig(remote)).toThrow('jwtJwksUrl must use https');
  });

  it('chooses the table key: created, given, or AWS owned', () => {
    const created = resolveOrchestratorConfig({ ...TEST_SETTINGS, customerManagedKey: true });
    const given = resolveOrchestratorConfig({ ...TEST_SETTINGS, encryptionKeyArn: KEY_ARN });

    expect(created.tableEncryption).toEqual({ kind: 'customer-managed' });
    expect(given.tableEncryption).toEqual({ kind: 'customer-managed', keyArn: KEY_ARN });
  });
});
