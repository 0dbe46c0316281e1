import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  SignJWT,
} from 'jose';
import { z } from 'zod';

/** The `iss` of every token the local stack signs. */
export const LOCAL_ISSUER = 'urn:incident-orchestrator:local';

/** The `aud` of every token the local stack signs. */
export const LOCAL_AUDIENCE = 'incident-orchestrator';

/** The file, inside the data directory, that holds the local signing key. */
export const DEV_KEYS_FILE = 'dev-keys.json';

/** The signing algorithm of the local key. */
export const DEV_KEY_ALGORITHM = 'ES256';

/** What a local token says about its caller. */
export interface DevTokenClaims {
  sub: string;
  org: string;
  roles: readonly string[];
  /** A jose duration such as `2h`; defaults to `1h`. */
  expiresIn?: string;
}

/** The local signing key: its public JWKS and a way to sign tokens with it. */
export interface DevKeys {
  kid: string;
  /** The public key set to serve; never contains the private key. */
  jwks: JSONWebKeySet;
  signToken(claims: DevTokenClaims): Promise<string>;
}

/** The dev key file exists but cannot be used. */
export class DevKeysError extends Error {
  override name = 'DevKeysError';
}

const EcPublicJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1),
  y: z.string().min(1),
  kid: z.string().min(1),
});

/** Validates the content of `dev-keys.json`. */
export const DevKeyFileSchema = z.object({
  alg: z.literal(DEV_KEY_ALGORITHM),
  publicJwk: EcPublicJwkSchema,
  privateJwk: EcPublicJwkSchema.extend({ d: z.string().min(1) }),
});

/** The content of `dev-keys.json`. */
export type DevKeyFile = z.output<typeof DevKeyFileSchema>;

/**
 * Loads the local signing key from `<dataDir>/dev-keys.json`, creating it (mode 0600) on the
 * first run so tokens stay valid across restarts. Safe when several processes start at once:
 * the first complete file to appear wins and everyone uses it.
 */
export async function loadOrCreateDevKeys(dataDir: string): Promise<DevKeys> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DEV_KEYS_FILE);

  const keyFile = (await readKeyFile(path)) ?? (await createKeyFile(path));
  return devKeysFrom(keyFile);
}

async function readKeyFile(path: string): Promise<DevKeyFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  return parseKeyFile(path, text);
}

function parseKeyFile(path: string, text: string): DevKeyFile {
  try {
    return DevKeyFileSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new DevKeysError(`${path} is not a dev key file; delete it to create a new key`, {
      cause: error,
    });
  }
}

async function createKeyFile(path: string): Promise<DevKeyFile> {
  const candidate = await generateKeyFile();
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  // Created owner-only from the start: the private key is never readable by others.
  await writeFile(temporary, `${JSON.stringify(candidate, null, 2)}\n`, {
    flag: 'wx',
    mode: 0o600,
  });

  try {
    // link() never replaces an existing file, so exactly one process publishes its key.
    await link(temporary, path);
    return candidate;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') {
      throw error;
    }
    return parseKeyFile(path, await readFile(path, 'utf8'));
  } finally {
    await unlink(temporary);
  }
}

async function generateKeyFile(): Promise<DevKeyFile> {
  const { privateKey } = await generateKeyPair(DEV_KEY_ALGORITHM, { extractable: true });
  const { kty, crv, x, y, d } = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty, crv, x, y });

  return DevKeyFileSchema.parse({
    alg: DEV_KEY_ALGORITHM,
    publicJwk: { kty, crv, x, y, kid },
    privateJwk: { kty, crv, x, y, d, kid },
  });
}

async function devKeysFrom(keyFile: DevKeyFile): Promise<DevKeys> {
  const privateKey = await importJWK(keyFile.privateJwk, DEV_KEY_ALGORITHM);
  const { kid } = keyFile.publicJwk;
  const publicJwk: JWK = { ...keyFile.publicJwk, alg: DEV_KEY_ALGORITHM, use: 'sig' };

  return {
    kid,
    jwks: { keys: [publicJwk] },
    signToken: async (claims) => {
      requireText('sub', claims.sub);
      requireText('org', claims.org);
      return new SignJWT({ org: claims.org, roles: [...claims.roles] })
        .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid, typ: 'JWT' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setSubject(claims.sub)
        .setIssuedAt()
        .setExpirationTime(claims.expiresIn ?? '1h')
        .sign(privateKey);
    },
  };
}

function requireText(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${name} must be a non-empty string`);
  }
}

function errorCode(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}
