import { createLocalJWKSet, errors } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  InvalidTokenError,
  KeySourceUnavailableError,
} from '../../functions/authorizer/authorizer-errors';
import type { KeySource } from '../../functions/authorizer/key-source';
import { createTokenVerifier } from '../../functions/authorizer/token-verifier';
import {
  createSigningKey,
  jwksConfig,
  type SigningKey,
  signToken,
  validClaims,
} from './authorizer-fixtures';

const UNUSED_URL = 'http://127.0.0.1:9/.well-known/jwks.json';

describe('createTokenVerifier', () => {
  let key: SigningKey;
  let keySource: KeySource;

  beforeAll(async () => {
    key = await createSigningKey('ES256', 'es-1');
    keySource = createLocalJWKSet({ keys: [key.publicJwk] });
  });

  it('returns the caller with de-duplicated roles', async () => {
    const verify = createTokenVerifier(jwksConfig(UNUSED_URL), keySource);
    const token = await signToken(key, validClaims({ roles: ['viewer', 'org-admin', 'viewer'] }));

    await expect(verify(token)).resolves.toEqual({
      sub: 'user-1',
      org: 'org-a',
      roles: ['viewer', 'org-admin'],
    });
  });

  it('reads the organisation and roles from the configured claim names', async () => {
    const env = { JWT_ORG_CLAIM: 'https://example.test/org', JWT_ROLES_CLAIM: 'groups' };
    const verify = createTokenVerifier(jwksConfig(UNUSED_URL, env), keySource);
    const claims = { 'https://example.test/org': 'org-b', groups: ['org-admin'], org: 'org-a' };

    const caller = await verify(await signToken(key, validClaims(claims)));

    expect(caller).toEqual({ sub: 'user-1', org: 'org-b', roles: ['org-admin'] });
  });

  it('counts the size cap in UTF-8 bytes and checks it before resolving any key', async () => {
    const spy = vi.fn(keySource);
    const verify = createTokenVerifier(jwksConfig(UNUSED_URL), spy);
    const multiByte = '€'.repeat(3_000);

    const error = await verify(multiByte).catch((failure: unknown) => failure);

    expect(multiByte.length).toBeLessThan(8192);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ code: 'TOKEN_TOO_LARGE' });
    expect(spy).not.toHaveBeenCalled();
  });

  it('reports a key source failure as unavailable keys, not as an invalid token', async () => {
    const failing: KeySource = async () => {
      throw new Error('secret store unreachable');
    };
    const verify = createTokenVerifier(jwksConfig(UNUSED_URL), failing);

    const error = await verify(await signToken(key)).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(KeySourceUnavailableError);
    expect(error).toMatchObject({ code: 'ERR_KEY_SOURCE_FAILED' });
    expect((error as Error).cause).toEqual(new Error('secret store unreachable'));
  });

  it('reports a key source that finds no key for the kid as an invalid token', async () => {
    const missing: KeySource = async () => {
      throw new errors.JWKSNoMatchingKey();
    };
    const verify = createTokenVerifier(jwksConfig(UNUSED_URL), missing);

    const error = await verify(await signToken(key)).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });
});
