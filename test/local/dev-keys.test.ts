import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEV_KEYS_FILE,
  DevKeyFileSchema,
  DevKeysError,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateDevKeys,
} from '../../local/dev-keys';

describe('loadOrCreateDevKeys', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dev-keys-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('creates an ES256 key with a kid in a file only its owner can read', async () => {
    const keys = await loadOrCreateDevKeys(join(dataDir, 'nested'));

    const path = join(dataDir, 'nested', DEV_KEYS_FILE);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const stored = DevKeyFileSchema.parse(JSON.parse(await readFile(path, 'utf8')));
    expect(stored.publicJwk.kid).toBe(keys.kid);
    expect(keys.jwks).toEqual({
      keys: [{ ...stored.publicJwk, alg: 'ES256', use: 'sig' }],
    });
    expect(JSON.stringify(keys.jwks)).not.toContain('"d"');
  });

  it('signs tokens with the local issuer, audience, kid and a one-hour expiry', async () => {
    const keys = await loadOrCreateDevKeys(dataDir);
    const token = await keys.signToken({ sub: 'user-1', org: 'org-a', roles: ['org-admin'] });

    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(keys.jwks), {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
    });

    expect(protectedHeader).toEqual({ alg: 'ES256', kid: keys.kid, typ: 'JWT' });
    expect(payload).toEqual({
      iss: 'urn:incident-orchestrator:local',
      aud: 'incident-orchestrator',
      sub: 'user-1',
      org: 'org-a',
      roles: ['org-admin'],
      iat: payload.iat,
      exp: (payload.iat ?? 0) + 3600,
    });
  });

  it('honours a requested lifetime', async () => {
    const keys = await loadOrCreateDevKeys(dataDir);

    const token = await keys.signToken({ sub: 'u', org: 'o', roles: [], expiresIn: '2h' });

    const { payload } = await jwtVerify(token, createLocalJWKSet(keys.jwks));
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(7200);
  });

  it('reloads the same key on a later run, so earlier tokens still verify', async () => {
    const first = await loadOrCreateDevKeys(dataDir);
    const token = await first.signToken({ sub: 'user-1', org: 'org-a', roles: [] });

    const second = await loadOrCreateDevKeys(dataDir);

    expect(second.kid).toBe(first.kid);
    await expect(jwtVerify(token, createLocalJWKSet(second.jwks))).resolves.toBeDefined();
  });

  it('settles on one key when many first calls race, leaving no temporary files', async () => {
    const racers = await Promise.all(
      Array.from({ length: 12 }, () => loadOrCreateDevKeys(dataDir)),
    );

    const kids = new Set(racers.map((keys) => keys.kid));
    expect(kids.size).toBe(1);
    const token = await racers[5]?.signToken({ sub: 'u', org: 'o', roles: [] });
    expect(decodeProtectedHeader(token ?? '').kid).toBe(racers[0]?.kid);
    expect(await readdir(dataDir)).toEqual([DEV_KEYS_FILE]);
  });

  it('refuses a damaged key file and says how to recover', async () => {
    await writeFile(join(dataDir, DEV_KEYS_FILE), '{"alg":"ES256"}');

    const attempt = loadOrCreateDevKeys(dataDir);

    await expect(attempt).rejects.toThrow(DevKeysError);
    await expect(loadOrCreateDevKeys(dataDir)).rejects.toThrow(/delete it to create a new key/);
  });

  it.each([
    ['sub', { sub: ' ', org: 'org-a', roles: [] }],
    ['org', { sub: 'user-1', org: '', roles: [] }],
  ])('refuses to sign a token with an empty %s', async (name, claims) => {
    const keys = await loadOrCreateDevKeys(dataDir);

    await expect(keys.signToken(claims)).rejects.toThrow(
      new TypeError(`${name} must be a non-empty string`),
    );
  });
});
