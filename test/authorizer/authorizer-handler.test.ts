import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthorizer } from '../../functions/authorizer/authorizer-handler';
import { createKeySource } from '../../functions/authorizer/key-source';
import { buildRoutePolicy } from '../../functions/authorizer/route-policy';
import { evaluatePolicy } from '../../local/policy-evaluator';
import {
  APPROVE_ARN,
  CANARY,
  captureLogs,
  createSigningKey,
  jwksConfig,
  type LogCapture,
  lastRefusalCode,
  type SigningKey,
  STAGE_ARN,
  secretConfig,
  sharedSecretKey,
  signToken,
  tokenEvent,
  validClaims,
} from './authorizer-fixtures';
import { type JwksTestServer, startJwksTestServer } from './jwks-test-server';

describe('createAuthorizer', () => {
  let jwks: JwksTestServer;
  let es256: SigningKey;
  let rs256: SigningKey;
  let capture: LogCapture;

  beforeAll(async () => {
    es256 = await createSigningKey('ES256', 'es-1');
    rs256 = await createSigningKey('RS256', 'rs-1');
    jwks = await startJwksTestServer([es256.publicJwk, rs256.publicJwk]);
  });
  afterAll(() => jwks.close());
  beforeEach(() => {
    capture = captureLogs();
  });
  afterEach(() => capture.restore());

  function jwksAuthorizer() {
    const config = jwksConfig(jwks.url);
    return createAuthorizer(config, createKeySource(config), { logger: capture.logger });
  }

  it('allows an admin ES256 token verified through the JWKS and passes the caller on', async () => {
    const token = await signToken(es256);

    const result = await jwksAuthorizer()(tokenEvent(`Bearer ${token}`));

    expect(result).toEqual({
      principalId: 'user-1',
      policyDocument: buildRoutePolicy(APPROVE_ARN, ['org-admin']),
      context: { sub: 'user-1', org: 'org-a', roles: 'org-admin', isAdmin: 'true' },
    });
    expect(evaluatePolicy(result.policyDocument, APPROVE_ARN)).toBe('allow');
  });

  it('allows an RS256 token verified through the JWKS', async () => {
    const token = await signToken(rs256, validClaims({ roles: ['viewer', 'org-admin'] }));

    const result = await jwksAuthorizer()(tokenEvent(`Bearer ${token}`));

    expect(result.context).toEqual({
      sub: 'user-1',
      org: 'org-a',
      roles: 'viewer,org-admin',
      isAdmin: 'true',
    });
  });

  it('allows an HS256 token MACed with the shared development secret', async () => {
    const config = secretConfig();
    const authorizer = createAuthorizer(config, createKeySource(config), {
      logger: capture.logger,
    });
    const token = await signToken(sharedSecretKey(), validClaims({ roles: [] }));

    const result = await authorizer(tokenEvent(`Bearer ${token}`));

    expect(result.context).toEqual({ sub: 'user-1', org: 'org-a', roles: '', isAdmin: 'false' });
  });

  it('gives a member a policy that allows reads and denies approve', async () => {
    const token = await signToken(es256, validClaims({ roles: ['viewer'] }));

    const result = await jwksAuthorizer()(tokenEvent(`Bearer ${token}`));

    expect(result.context).toMatchObject({ roles: 'viewer', isAdmin: 'false' });
    expect(evaluatePolicy(result.policyDocument, APPROVE_ARN)).toBe('deny');
    const read = `${STAGE_ARN}/GET/orchestrations/orch-1`;
    expect(evaluatePolicy(result.policyDocument, read)).toBe('allow');
  });

  it.each([
    ['lowercase', 'bearer'],
    ['uppercase', 'BEARER'],
  ])('accepts the %s scheme name', async (_, scheme) => {
    const token = await signToken(es256);

    const result = await jwksAuthorizer()(tokenEvent(`${scheme} ${token}`));

    expect(result.principalId).toBe('user-1');
  });

  it.each([
    ['no scheme', (token: string) => token],
    ['an empty value', () => ''],
    ['the scheme alone', () => 'Bearer'],
    ['the scheme and a space', () => 'Bearer '],
    ['two spaces', (token: string) => `Bearer  ${token}`],
    ['two tokens', (token: string) => `Bearer ${token} ${token}`],
    ['a tab', (token: string) => `Bearer\t${token}`],
    ['a leading space', (token: string) => ` Bearer ${token}`],
    ['a trailing space', (token: string) => `Bearer ${token} `],
    ['another scheme', (token: string) => `Basic ${token}`],
  ])('refuses an authorization with %s', async (_, authorization) => {
    const token = await signToken(es256);

    const answer = jwksAuthorizer()(tokenEvent(authorization(token)));

    await expect(answer).rejects.toThrow(new Error('Unauthorized'));
    expect(lastRefusalCode(capture)).toBe('NOT_BEARER');
  });

  it('answers every invalid token with the same bare Error', async () => {
    const authorizer = jwksAuthorizer();
    const expired = await signToken(es256, validClaims({ exp: 1 }));
    const forged = `${(await signToken(es256)).slice(0, -4)}AAAA`;
    const answers = ['Bearer x.y.z', `Bearer ${expired}`, `Bearer ${forged}`, 'Basic a'].map(
      (authorization) => authorizer(tokenEvent(authorization)).catch((error: unknown) => error),
    );

    const errors = await Promise.all(answers);

    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
      expect(error).toEqual(new Error('Unauthorized'));
      expect((error as Error).cause).toBeUndefined();
    }
  });

  it('logs refusals and acceptances without the token or any claim value', async () => {
    const authorizer = jwksAuthorizer();
    const claims = validClaims({ ...CANARY, roles: ['role-canary-41c2'] });
    const good = await signToken(es256, claims);
    const expired = await signToken(es256, { ...claims, exp: 1 });
    const unknownKid = await signToken({ ...es256, kid: 'kid-canary-77aa' }, claims);

    await authorizer(tokenEvent(`Bearer ${good}`));
    for (const token of [expired, unknownKid, `${good}x`]) {
      await authorizer(tokenEvent(`Bearer ${token}`)).catch(() => undefined);
    }

    const output = capture.lines.join('');
    expect(capture.entries().map((entry) => entry.code)).toEqual([
      undefined,
      'ERR_JWT_EXPIRED',
      'ERR_JWKS_NO_MATCHING_KEY',
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    ]);
    for (const secret of [good, ...good.split('.'), expired, unknownKid, 'kid-canary-77aa']) {
      expect(output).not.toContain(secret);
    }
    for (const value of Object.values(claims).flat()) {
      expect(output).not.toContain(String(value));
    }
  });
});
