import { CompactEncrypt } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Authorizer, createAuthorizer } from '../../functions/authorizer/authorizer-handler';
import { createKeySource, type KeySource } from '../../functions/authorizer/key-source';
import {
  base64url,
  captureLogs,
  createSigningKey,
  jwksConfig,
  type LogCapture,
  lastRefusalCode,
  type SigningKey,
  signToken,
  tokenEvent,
  validClaims,
  without,
} from './authorizer-fixtures';
import { type JwksTestServer, startJwksTestServer } from './jwks-test-server';

const CLAIM_FAILED = 'ERR_JWT_CLAIM_VALIDATION_FAILED';

describe('createAuthorizer refusing tokens', () => {
  let jwks: JwksTestServer;
  let attackerJwks: JwksTestServer;
  let keySource: KeySource;
  let ours: SigningKey;
  let ourSecond: SigningKey;
  let rsa: SigningKey;
  let pss: SigningKey;
  let attacker: SigningKey;
  let capture: LogCapture;
  let authorizer: Authorizer;

  beforeAll(async () => {
    ours = await createSigningKey('ES256', 'es-1');
    ourSecond = await createSigningKey('ES256', 'es-2');
    rsa = await createSigningKey('RS256', 'rs-1');
    pss = await createSigningKey('PS256', 'ps-1');
    attacker = await createSigningKey('ES256', 'attacker');
    jwks = await startJwksTestServer([
      ours.publicJwk,
      ourSecond.publicJwk,
      rsa.publicJwk,
      pss.publicJwk,
    ]);
    attackerJwks = await startJwksTestServer([attacker.publicJwk]);
    keySource = vi.fn(createKeySource(jwksConfig(jwks.url)));
  });
  afterAll(async () => {
    await jwks.close();
    await attackerJwks.close();
  });
  beforeEach(() => {
    vi.mocked(keySource).mockClear();
    capture = captureLogs();
    authorizer = createAuthorizer(jwksConfig(jwks.url), keySource, { logger: capture.logger });
  });
  afterEach(() => {
    capture.restore();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function expectRefusal(token: string, code: string): Promise<void> {
    await expect(authorizer(tokenEvent(`Bearer ${token}`))).rejects.toThrow(
      new Error('Unauthorized'),
    );
    expect(lastRefusalCode(capture)).toBe(code);
  }

  function unsigned(header: Record<string, unknown>, claims = validClaims()): string {
    return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}.`;
  }

  function flipSignatureByte(token: string): string {
    const [header, payload, signature = ''] = token.split('.');
    const bytes = Buffer.from(signature, 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    return `${header}.${payload}.${bytes.toString('base64url')}`;
  }

  it.each([
    ['none', { alg: 'none', typ: 'JWT' }],
    ['None', { alg: 'None' }],
    ['none with a kid of ours', { alg: 'none', kid: 'es-1' }],
  ])('refuses alg %s under the default algorithm list', async (_, header) => {
    await expectRefusal(unsigned(header), 'ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('refuses alg none under an explicit algorithm list', async () => {
    const config = jwksConfig(jwks.url, { JWT_ALGORITHMS: 'ES256,PS256' });
    authorizer = createAuthorizer(config, keySource, { logger: capture.logger });

    await expectRefusal(unsigned({ alg: 'none' }), 'ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('refuses HS256 MACed with our public key as the secret', async () => {
    const publicKeyText = new TextEncoder().encode(JSON.stringify(ours.publicJwk));
    const key = { ...ours, alg: 'HS256', privateKey: publicKeyText };

    await expectRefusal(await signToken(key), 'ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('refuses an algorithm outside the allow-list even when the JWKS holds its key', async () => {
    await expectRefusal(await signToken(pss), 'ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('refuses a token whose signature has one byte flipped', async () => {
    const token = flipSignatureByte(await signToken(ours));

    await expectRefusal(token, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('refuses a token whose payload was edited after signing', async () => {
    const [header, , signature] = (await signToken(ours, validClaims({ roles: [] }))).split('.');
    const edited = base64url(JSON.stringify(validClaims({ roles: ['org-admin'] })));

    await expectRefusal(
      `${header}.${edited}.${signature}`,
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    );
  });

  it.each([
    ['unknown', 'no-such-kid'],
    ['a path', '../../../../etc/passwd'],
    ['SQL', "es-1' OR '1'='1"],
  ])('refuses a kid holding %s', async (_, kid) => {
    await expectRefusal(await signToken({ ...ours, kid }), 'ERR_JWKS_NO_MATCHING_KEY');
  });

  it('refuses a 10 KB kid for its size before looking up any key', async () => {
    const token = await signToken({ ...ours, kid: 'k'.repeat(10_240) });

    await expectRefusal(token, 'TOKEN_TOO_LARGE');
    expect(keySource).not.toHaveBeenCalled();
  });

  it('refuses a token without kid when two keys could verify it', async () => {
    await expectRefusal(
      await signToken(ours, validClaims(), { kid: undefined }),
      'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
    );
  });

  it.each([
    ['jku', (url: string) => ({ jku: url })],
    ['x5u', (url: string) => ({ x5u: url })],
    ['jwk', () => ({ jwk: attacker.publicJwk })],
  ])('ignores an attacker key named by a %s header and fetches nothing', async (_, header) => {
    const token = await signToken(attacker, validClaims(), header(attackerJwks.url));

    await expectRefusal(token, 'ERR_JWKS_NO_MATCHING_KEY');
    expect(attackerJwks.hits).toBe(0);
  });

  it('refuses a jku-bearing token signed by another key under our kid', async () => {
    const headers = { jku: attackerJwks.url, x5u: attackerJwks.url, jwk: attacker.publicJwk };
    const token = await signToken({ ...attacker, kid: 'es-1' }, validClaims(), headers);

    await expectRefusal(token, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(attackerJwks.hits).toBe(0);
  });

  it.each([
    ['exp in the past', validClaims({ exp: 1_000 }), 'ERR_JWT_EXPIRED'],
    ['exp missing', without(validClaims(), 'exp'), CLAIM_FAILED],
    ['exp as a string', validClaims({ exp: '4102444800' }), CLAIM_FAILED],
    ['nbf in the future', validClaims({ nbf: Date.now() / 1000 + 60 }), CLAIM_FAILED],
    ['iat in the future', validClaims({ iat: Math.floor(Date.now() / 1000) + 60 }), CLAIM_FAILED],
    ['iat missing', without(validClaims(), 'iat'), CLAIM_FAILED],
    [
      'iat older than 12h',
      validClaims({ iat: Date.now() / 1000 - 12 * 3600 - 60 }),
      'ERR_JWT_EXPIRED',
    ],
    ['a wrong iss', validClaims({ iss: 'https://evil.example.test/' }), CLAIM_FAILED],
    ['iss missing', without(validClaims(), 'iss'), CLAIM_FAILED],
    ['a wrong aud', validClaims({ aud: 'another-api' }), CLAIM_FAILED],
    ['aud missing', without(validClaims(), 'aud'), CLAIM_FAILED],
    ['an aud array without ours', validClaims({ aud: ['a-api', 'b-api'] }), CLAIM_FAILED],
    ['sub missing', without(validClaims(), 'sub'), CLAIM_FAILED],
    ['sub empty', validClaims({ sub: '' }), 'SUB_INVALID'],
    ['sub as a number', validClaims({ sub: 42 }), 'SUB_INVALID'],
    ['org missing', without(validClaims(), 'org'), 'ORG_INVALID'],
    ['org blank', validClaims({ org: '  ' }), 'ORG_INVALID'],
    ['org as a list', validClaims({ org: ['org-a'] }), 'ORG_INVALID'],
    ['a claims set that is a list', [validClaims()], 'ERR_JWT_INVALID'],
  ])('refuses a token with %s', async (_, claims, code) => {
    await expectRefusal(await signToken(ours, claims), code);
  });

  it.each([
    ['accepts', 'just inside', 4],
    ['refuses', 'just outside', 5],
  ])('%s an exp %s the 5 s clock tolerance', async (verdict, _, secondsAgo) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const now = Math.floor(Date.now() / 1000);
    const token = await signToken(ours, validClaims({ iat: now - 60, exp: now - secondsAgo }));

    const answer = authorizer(tokenEvent(`Bearer ${token}`));

    if (verdict === 'accepts') {
      await expect(answer).resolves.toMatchObject({ principalId: 'user-1' });
    } else {
      await expect(answer).rejects.toThrow(new Error('Unauthorized'));
      expect(lastRefusalCode(capture)).toBe('ERR_JWT_EXPIRED');
    }
  });

  it.each([
    ['an aud array with ours', { aud: ['another-api', 'incident-orchestrator-api'] }],
    ['nbf within the tolerance', { nbf: Math.floor(Date.now() / 1000) + 3 }],
    ['typ at+jwt', {}],
  ])('accepts a token with %s', async (name, claims) => {
    const header = name === 'typ at+jwt' ? { typ: 'at+jwt' } : {};
    const token = await signToken(ours, validClaims(claims), header);

    await expect(authorizer(tokenEvent(`Bearer ${token}`))).resolves.toMatchObject({
      principalId: 'user-1',
    });
  });

  it.each([
    ['a string', 'org-admin'],
    ['an object', { 'org-admin': true }],
    ['numbers', [1, 2]],
    ['a mix of names and numbers', ['org-admin', 7]],
    ['a name with a comma', ['viewer,org-admin']],
    ['missing', undefined],
  ])('accepts roles as %s as a member without the admin role', async (_, roles) => {
    const claims = roles === undefined ? without(validClaims(), 'roles') : validClaims({ roles });

    const result = await authorizer(tokenEvent(`Bearer ${await signToken(ours, claims)}`));

    expect(result.context).toEqual({ sub: 'user-1', org: 'org-a', roles: '', isAdmin: 'false' });
    expect(JSON.stringify(result.policyDocument.Statement.at(-1))).toContain('"Effect":"Deny"');
  });

  it('refuses an unknown critical header parameter', async () => {
    const token = await signToken(ours, validClaims(), { crit: ['x-custom'], 'x-custom': 1 });

    await expectRefusal(token, 'ERR_JOSE_NOT_SUPPORTED');
  });

  it.each([
    ['typ JWE', { typ: 'JWE' }, 'TYP_NOT_JWT'],
    ['typ JOSE+JSON', { typ: 'JOSE+JSON' }, 'TYP_NOT_JWT'],
    ['cty JWT', { cty: 'JWT' }, 'NESTED_JWT'],
  ])('refuses a signed token with %s', async (_, header, code) => {
    await expectRefusal(await signToken(ours, validClaims(), header), code);
  });

  it('refuses a nested JWT whose payload is another token', async () => {
    const inner = await signToken(ours);
    const token = await signToken(ours, inner, { cty: 'JWT' });

    await expectRefusal(token, 'ERR_JWT_INVALID');
  });

  it('refuses a JWE', async () => {
    const secret = new Uint8Array(32).fill(7);
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(validClaims())))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: 'es-1' })
      .encrypt(secret);

    await expectRefusal(jwe, 'ERR_JWS_INVALID');
  });

  it.each([
    ['two segments', async () => (await signToken(ours)).split('.').slice(0, 2).join('.')],
    ['four segments', async () => `${await signToken(ours)}.AAAA`],
    ['bad base64url', async () => `e!yJ.${base64url('{}')}.AAAA`],
    ['a non-JSON header', async () => `${base64url('alg: ES256')}.${base64url('{}')}.AAAA`],
    ['a header that is a list', async () => `${base64url('["ES256"]')}.${base64url('{}')}.AA`],
  ])('refuses a token with %s', async (_, token) => {
    await expectRefusal(await token(), 'ERR_JWS_INVALID');
  });

  it('refuses an authorization over 8 KB before any key lookup or crypto', async () => {
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const padded = await signToken(ours, validClaims({ padding: 'p'.repeat(8_200) }));

    await expectRefusal(padded, 'TOKEN_TOO_LARGE');
    await expectRefusal('a'.repeat(9_000), 'TOKEN_TOO_LARGE');
    expect(keySource).not.toHaveBeenCalled();
    expect(verify).not.toHaveBeenCalled();
    // The spies do see a token that is small enough.
    await authorizer(tokenEvent(`Bearer ${await signToken(ours)}`));
    expect(keySource).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledTimes(1);
  });
});
