import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KeySourceUnavailableError } from '../../functions/authorizer/authorizer-errors';
import { type Authorizer, createAuthorizer } from '../../functions/authorizer/authorizer-handler';
import { createSharedSecretKeySource } from '../../functions/authorizer/key-source';
import {
  authorizerFor,
  captureLogs,
  createSigningKey,
  jwksConfig,
  type LogCapture,
  SHARED_SECRET,
  type SigningKey,
  secretConfig,
  sharedSecretKey,
  signToken,
  tokenEvent,
  validClaims,
} from './authorizer-fixtures';
import { type JwksBehaviour, type JwksTestServer, startJwksTestServer } from './jwks-test-server';

let key: SigningKey;
let capture: LogCapture;
let servers: JwksTestServer[];

beforeAll(async () => {
  key = await createSigningKey('ES256', 'es-1');
});
beforeEach(() => {
  capture = captureLogs();
  servers = [];
});
afterEach(async () => {
  capture.restore();
  await Promise.all(servers.map((server) => server.close()));
});

async function jwksServer(behaviour: JwksBehaviour = 'serve'): Promise<JwksTestServer> {
  const server = await startJwksTestServer([key.publicJwk]);
  server.behaviour = behaviour;
  servers.push(server);
  return server;
}

function authorizerAt(url: string, env: Record<string, string> = {}): Authorizer {
  return authorizerFor(jwksConfig(url, { JWT_JWKS_TIMEOUT_MS: '150', ...env }), capture);
}

async function expectKeySourceFailure(answer: Promise<unknown>, code: string): Promise<void> {
  const error = await answer.then(
    () => expect.fail('the authorizer answered instead of failing'),
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(KeySourceUnavailableError);
  expect(error).toMatchObject({ name: 'KeySourceUnavailableError', code });
  expect((error as Error).message).not.toBe('Unauthorized');
  expect(capture.entries().at(-1)).toMatchObject({
    level: 'ERROR',
    message: 'Token could not be verified',
  });
}

describe('createAuthorizer when the key source is unavailable', () => {
  it.each([
    ['answers 500', 'status-500', 'ERR_JOSE_GENERIC'],
    ['redirects', 'redirect', 'ERR_JOSE_GENERIC'],
    ['times out', 'hang', 'ERR_JWKS_TIMEOUT'],
    ['serves text', 'junk-text', 'ERR_JOSE_GENERIC'],
    ['serves JSON that is not a key set', 'junk-json', 'ERR_JWKS_INVALID'],
  ] as const)(
    'fails with a server error, never an Allow, when the JWKS %s',
    async (_, behaviour, code) => {
      const server = await jwksServer(behaviour);

      const answer = authorizerAt(server.url)(tokenEvent(`Bearer ${await signToken(key)}`));

      await expectKeySourceFailure(answer, code);
      expect(server.hits).toBe(1);
      expect(server.redirectsFollowed).toBe(0);
    },
  );

  it('fails with a server error when the JWKS refuses connections', async () => {
    const url = await closedPortUrl();

    const answer = authorizerAt(url)(tokenEvent(`Bearer ${await signToken(key)}`));

    await expectKeySourceFailure(answer, 'ERR_KEY_SOURCE_FAILED');
  });

  it('keeps verifying with cached keys while the JWKS is down within the cache age', async () => {
    const server = await jwksServer();
    const authorizer = authorizerAt(server.url);
    await authorizer(tokenEvent(`Bearer ${await signToken(key)}`));
    server.behaviour = 'status-500';

    const result = await authorizer(tokenEvent(`Bearer ${await signToken(key)}`));

    expect(result.principalId).toBe('user-1');
    expect(server.hits).toBe(1);
  });

  it('fails closed once cached keys outlive the cache age with the JWKS down', async () => {
    const server = await jwksServer();
    const authorizer = authorizerAt(server.url, { JWT_JWKS_CACHE_MAX_AGE_MS: '100' });
    await authorizer(tokenEvent(`Bearer ${await signToken(key)}`));
    server.behaviour = 'status-500';
    await sleep(150);

    const answer = authorizer(tokenEvent(`Bearer ${await signToken(key)}`));

    await expectKeySourceFailure(answer, 'ERR_JOSE_GENERIC');
  });

  it('fails with a server error while the secret cannot be loaded, then recovers', async () => {
    let attempts = 0;
    const keySource = createSharedSecretKeySource(async () => {
      attempts += 1;
      if (attempts === 1) {
        throw new Error('secret store unreachable');
      }
      return SHARED_SECRET;
    });
    const authorizer = createAuthorizer(secretConfig(), keySource, { logger: capture.logger });
    const token = await signToken(sharedSecretKey());

    await expectKeySourceFailure(authorizer(tokenEvent(`Bearer ${token}`)), 'SECRET_UNAVAILABLE');
    const result = await authorizer(tokenEvent(`Bearer ${token}`));

    expect(result.principalId).toBe('user-1');
    expect(attempts).toBe(2);
  });
});

describe('createAuthorizer with a rotating JWKS', () => {
  it('accepts a token signed by a newly published key once the cooldown has passed', async () => {
    const server = await jwksServer();
    const authorizer = authorizerAt(server.url, { JWT_JWKS_COOLDOWN_MS: '200' });
    await authorizer(tokenEvent(`Bearer ${await signToken(key)}`));
    const rotated = await createSigningKey('ES256', 'es-2');
    server.keys = [key.publicJwk, rotated.publicJwk];
    const token = await signToken(rotated);

    const early = authorizer(tokenEvent(`Bearer ${token}`));
    await expect(early).rejects.toThrow(new Error('Unauthorized'));
    await sleep(250);
    const later = await authorizer(tokenEvent(`Bearer ${token}`));

    expect(later.principalId).toBe('user-1');
    expect(server.hits).toBe(2);
  });

  it('fetches the JWKS at most once per cooldown for 1,000 random kids', async () => {
    const server = await jwksServer();
    const authorizer = authorizerAt(server.url);
    const tokens = await Promise.all(
      Array.from({ length: 1_000 }, () =>
        signToken({ ...key, kid: crypto.randomUUID() }, validClaims()),
      ),
    );

    const answers = await Promise.allSettled(
      tokens.map((token) => authorizer(tokenEvent(`Bearer ${token}`))),
    );

    expect(answers.every((answer) => answer.status === 'rejected')).toBe(true);
    const reasons = answers.map((answer) => (answer.status === 'rejected' ? answer.reason : {}));
    expect(new Set(reasons.map((reason) => (reason as Error).message))).toEqual(
      new Set(['Unauthorized']),
    );
    const codes = capture.entries().map((entry) => entry.code);
    expect(new Set(codes)).toEqual(new Set(['ERR_JWKS_NO_MATCHING_KEY']));
    expect(server.hits).toBe(1);
  });
});

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/.well-known/jwks.json`;
}
