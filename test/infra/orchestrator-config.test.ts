import { describe, expect, it } from 'vitest';
import { resolveOrchestratorConfig } from '../../infra/orchestrator-config';
import { TEST_SETTINGS } from './stack-fixture';

describe('resolveOrchestratorConfig', () => {
  it('applies the default windows, timeout and cache TTL', () => {
    expect(resolveOrchestratorConfig(TEST_SETTINGS)).toEqual({
      ...TEST_SETTINGS,
      approvalWindowSeconds: 14_400,
      executionWindowSeconds: 3_600,
      runPlaybookTimeoutSeconds: 300,
      authorizerCacheTtlSeconds: 300,
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

  it('rejects a window that is not a positive whole number of seconds', () => {
    expect(() => resolveOrchestratorConfig({ ...TEST_SETTINGS, approvalWindowSeconds: 0 })).toThrow(
      'approvalWindowSeconds must be a whole number of seconds from 1 to 31536000, got 0',
    );
  });

  it('rejects a playbook timeout beyond the Lambda limit', () => {
    expect(() =>
      resolveOrchestratorConfig({ ...TEST_SETTINGS, runPlaybookTimeoutSeconds: 901 }),
    ).toThrow(RangeError);
  });

  it('accepts plain http for a local JWKS and refuses it for a remote one', () => {
    const local = { ...TEST_SETTINGS, jwtJwksUrl: 'http://localhost:8004/jwks.json' };
    const remote = { ...TEST_SETTINGS, jwtJwksUrl: 'http://issuer.example.com/jwks.json' };

    expect(resolveOrchestratorConfig(local).jwtJwksUrl).toBe('http://localhost:8004/jwks.json');
    expect(() => resolveOrchestratorConfig(remote)).toThrow('jwtJwksUrl must use https');
  });
});
