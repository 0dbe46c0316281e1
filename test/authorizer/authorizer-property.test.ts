import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Authorizer, createAuthorizer } from '../../functions/authorizer/authorizer-handler';
import { createKeySource } from '../../functions/authorizer/key-source';
import {
  base64url,
  captureLogs,
  createSigningKey,
  jwksConfig,
  type LogCapture,
  tokenEvent,
} from './authorizer-fixtures';
import { type JwksTestServer, startJwksTestServer } from './jwks-test-server';

const RUNS = 300;

describe('createAuthorizer given arbitrary bearer tokens', () => {
  let jwks: JwksTestServer;
  let capture: LogCapture;
  let authorizer: Authorizer;

  beforeAll(async () => {
    const key = await createSigningKey('ES256', 'es-1');
    jwks = await startJwksTestServer([key.publicJwk]);
  });
  afterAll(() => jwks.close());
  beforeEach(() => {
    jwks.hits = 0;
    capture = captureLogs();
    const config = jwksConfig(jwks.url);
    authorizer = createAuthorizer(config, createKeySource(config), { logger: capture.logger });
  });
  afterEach(() => capture.restore());

  /** Runs the authorizer and reports how it answered, never throwing. */
  async function answerTo(authorization: string): Promise<unknown> {
    return authorizer(tokenEvent(authorization)).then(
      (result) => ({ allowed: result }),
      (error: unknown) => error,
    );
  }

  async function expectUnauthorized(authorization: string): Promise<void> {
    const answer = await answerTo(authorization);

    expect(answer).toBeInstanceOf(Error);
    expect(answer).toEqual(new Error('Unauthorized'));
  }

  it('answers Unauthorized to random strings after Bearer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), async (token) => {
        await expectUnauthorized(`Bearer ${token}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers Unauthorized to random bytes as the whole authorization value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        await expectUnauthorized(Buffer.from(bytes).toString('latin1'));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers Unauthorized to three random base64url segments', async () => {
    const segment = fc.uint8Array({ maxLength: 300 }).map((bytes) => {
      return Buffer.from(bytes).toString('base64url');
    });
    const token = fc.tuple(segment, segment, segment).map((parts) => parts.join('.'));

    await fc.assert(
      fc.asyncProperty(token, async (value) => {
        await expectUnauthorized(`Bearer ${value}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers Unauthorized to JSON headers and payloads with junk signatures', async () => {
    const header = fc.record(
      {
        alg: fc.constantFrom('ES256', 'RS256', 'HS256', 'none', 'PS256', ''),
        kid: fc.oneof(fc.constant('es-1'), fc.string()),
        typ: fc.constantFrom('JWT', 'JWE', 'at+jwt'),
        crit: fc.array(fc.string(), { maxLength: 2 }),
      },
      { requiredKeys: ['alg'] },
    );
    const payload = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }));
    const token = fc
      .tuple(header, payload, fc.uint8Array({ maxLength: 80 }))
      .map(([head, body, signature]) =>
        [
          base64url(JSON.stringify(head)),
          base64url(JSON.stringify(body)),
          Buffer.from(signature).toString('base64url'),
        ].join('.'),
      );

    await fc.assert(
      fc.asyncProperty(token, async (value) => {
        await expectUnauthorized(`Bearer ${value}`);
      }),
      { numRuns: RUNS },
    );
    expect(jwks.hits).toBeLessThanOrEqual(1);
  });
});
