import { describe, expect, it } from 'vitest';
import { loadAuthorizerConfig } from '../../functions/authorizer/authorizer-config';
import { AuthorizerConfigError } from '../../functions/authorizer/authorizer-errors';

const BASE = { JWT_ISSUER: 'https://issuer.example.test/', JWT_AUDIENCE: 'orchestrator-api' };
const JWKS_URL = 'https://issuer.example.test/.well-known/jwks.json';
const SECRET = 'a-shared-development-secret-of-40-bytes!';

describe('loadAuthorizerConfig', () => {
  it('applies the documented defaults for a JWKS key source', () => {
    const config = loadAuthorizerConfig({ ...BASE, JWT_JWKS_URL: JWKS_URL });

    expect(config).toEqual({
      issuer: 'https://issuer.example.test/',
      audience: 'orchestrator-api',
      keySource: {
        kind: 'jwks',
        url: JWKS_URL,
        timeoutMs: 2000,
        cooldownMs: 30_000,
        cacheMaxAgeMs: 600_000,
      },
      algorithms: ['ES256', 'RS256'],
      maxTokenAge: '12h',
      clockToleranceSeconds: 5,
      orgClaim: 'org',
      rolesClaim: 'roles',
      maxTokenBytes: 8192,
    });
  });

  it('defaults to HS256 for a shared secret', () => {
    const config = loadAuthorizerConfig({ ...BASE, JWT_SECRET: SECRET });

    expect(config.keySource).toEqual({ kind: 'secret', secret: SECRET });
    expect(config.algorithms).toEqual(['HS256']);
  });

  it('reads every setting from the environment, trimming and de-duplicating algorithms', () => {
    const config = loadAuthorizerConfig({
      ...BASE,
      JWT_JWKS_URL: 'http://127.0.0.1:4000/.well-known/jwks.json',
      JWT_ALGORITHMS: ' ES256 , PS256,ES256 ',
      JWT_MAX_TOKEN_AGE: '3600',
      JWT_CLOCK_TOLERANCE_SECONDS: '0',
      JWT_ORG_CLAIM: 'https://example.test/org',
      JWT_ROLES_CLAIM: 'groups',
      MAX_TOKEN_BYTES: '4096',
      JWT_JWKS_COOLDOWN_MS: '100',
    });

    expect(config).toMatchObject({
      algorithms: ['ES256', 'PS256'],
      maxTokenAge: 3600,
      clockToleranceSeconds: 0,
      orgClaim: 'https://example.test/org',
      rolesClaim: 'groups',
      maxTokenBytes: 4096,
      keySource: { kind: 'jwks', cooldownMs: 100 },
    });
  });

  it('treats empty variables as unset', () => {
    const config = loadAuthorizerConfig({ ...BASE, JWT_JWKS_URL: JWKS_URL, JWT_SECRET: '' });

    expect(config.keySource.kind).toBe('jwks');
  });

  it.each([
    ['alg none', { JWT_JWKS_URL: JWKS_URL, JWT_ALGORITHMS: 'ES256,none' }, /"none"/],
    ['HS256 with a JWKS', { JWT_JWKS_URL: JWKS_URL, JWT_ALGORITHMS: 'RS256,HS256' }, /HS256/],
    ['RS256 with a secret', { JWT_SECRET: SECRET, JWT_ALGORITHMS: 'RS256' }, /RS256/],
    ['an unknown algorithm', { JWT_JWKS_URL: JWKS_URL, JWT_ALGORITHMS: 'ES257' }, /ES257/],
    ['an empty algorithm list', { JWT_JWKS_URL: JWKS_URL, JWT_ALGORITHMS: ' , ' }, /at least/],
    ['both key sources', { JWT_JWKS_URL: JWKS_URL, JWT_SECRET: SECRET }, /not both/],
    ['no key source', {}, /JWT_JWKS_URL/],
    ['a plain-http JWKS', { JWT_JWKS_URL: 'http://issuer.example.test/jwks' }, /https/],
    ['a non-HTTP JWKS', { JWT_JWKS_URL: 'file:///etc/jwks.json' }, /JWT_JWKS_URL/],
    ['a short secret', { JWT_SECRET: 'short-secret-value' }, /JWT_SECRET/],
    ['a bad token age', { JWT_SECRET: SECRET, JWT_MAX_TOKEN_AGE: '12 parsecs' }, /AGE/],
    ['a huge tolerance', { JWT_SECRET: SECRET, JWT_CLOCK_TOLERANCE_SECONDS: '3600' }, /TOLER/],
    ['a tiny size cap', { JWT_SECRET: SECRET, MAX_TOKEN_BYTES: '10' }, /MAX_TOKEN_BYTES/],
  ])('refuses %s', (_, env, message) => {
    expect(() => loadAuthorizerConfig({ ...BASE, ...env })).toThrow(AuthorizerConfigError);
    expect(() => loadAuthorizerConfig({ ...BASE, ...env })).toThrow(message);
  });

  it.each([
    ['issuer', 'JWT_ISSUER'],
    ['audience', 'JWT_AUDIENCE'],
  ])('refuses a missing %s, naming the variable', (_, variable) => {
    const env: Record<string, string> = { ...BASE, JWT_JWKS_URL: JWKS_URL };
    delete env[variable];

    expect(() => loadAuthorizerConfig(env)).toThrow(variable);
  });

  it('never repeats a secret in its error', () => {
    const attempt = () => loadAuthorizerConfig({ ...BASE, JWT_SECRET: 'short-secret-value' });

    expect(attempt).toThrow(AuthorizerConfigError);
    expect(attempt).not.toThrow(/short-secret-value/);
  });
});
