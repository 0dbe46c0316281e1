import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APPROVE_ARN,
  AUDIENCE,
  captureLogs,
  ISSUER,
  type LogCapture,
  SHARED_SECRET,
  sharedSecretKey,
  signToken,
  tokenEvent,
} from './authorizer-fixtures';

async function importHandler() {
  vi.resetModules();
  const module = await import('../../functions/authorizer/authorizer-handler');
  return module.handler;
}

describe('handler', () => {
  let capture: LogCapture;

  beforeEach(() => {
    capture = captureLogs();
    vi.stubEnv('JWT_ISSUER', ISSUER);
    vi.stubEnv('JWT_AUDIENCE', AUDIENCE);
    vi.stubEnv('JWT_JWKS_URL', '');
    vi.stubEnv('JWT_SECRET', SHARED_SECRET);
  });
  afterEach(() => {
    capture.restore();
    vi.unstubAllEnvs();
  });

  it('verifies with the settings read from the environment at cold start', async () => {
    const handler = await importHandler();
    const token = await signToken(sharedSecretKey());
    vi.stubEnv('JWT_ISSUER', 'https://changed-after-cold-start.example.test/');

    const result = await handler(tokenEvent(`Bearer ${token}`, APPROVE_ARN));

    expect(result.context).toEqual({
      sub: 'user-1',
      org: 'org-a',
      roles: 'org-admin',
      isAdmin: 'true',
    });
  });

  it('answers Unauthorized to an invalid token', async () => {
    const handler = await importHandler();

    await expect(handler(tokenEvent('Bearer a.b.c'))).rejects.toThrow(new Error('Unauthorized'));
  });

  it('fails every request with the configuration error of an invalid environment', async () => {
    vi.stubEnv('JWT_ALGORITHMS', 'none');
    const handler = await importHandler();
    const token = await signToken(sharedSecretKey());

    const answer = handler(tokenEvent(`Bearer ${token}`));

    await expect(answer).rejects.toMatchObject({ name: 'AuthorizerConfigError' });
    await expect(handler(tokenEvent(`Bearer ${token}`))).rejects.toThrow(/"none"/);
    expect(capture.entries().at(-1)).toMatchObject({
      level: 'ERROR',
      message: 'Authorizer is misconfigured',
    });
  });
});
