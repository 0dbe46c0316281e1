import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { CompactSign, type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';
import { vi } from 'vitest';
import {
  type AuthorizerConfig,
  loadAuthorizerConfig,
} from '../../functions/authorizer/authorizer-config';
import { type Authorizer, createAuthorizer } from '../../functions/authorizer/authorizer-handler';
import { createKeySource } from '../../functions/authorizer/key-source';

/** The issuer every test token claims unless a test says otherwise. */
export const ISSUER = 'https://issuer.example.test/';

/** The audience the authorizer expects. */
export const AUDIENCE = 'incident-orchestrator-api';

/** A shared HS256 secret (32+ bytes) for the development key source. */
export const SHARED_SECRET = 'a-shared-development-secret-of-40-bytes!';

/** The API, stage and route API Gateway asks about in most tests. */
export const STAGE_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod';

/** The approve route of one orchestration, as a method ARN. */
export const APPROVE_ARN = `${STAGE_ARN}/POST/orchestrations/orch-1/approve`;

/** Claim values distinctive enough to search for in captured logs. */
export const CANARY = { sub: 'sub-canary-6d1f0a', org: 'org-canary-93be7c' } as const;

/** A signing key and its public JWK (with `kid` and `alg`). */
export interface SigningKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey | Uint8Array;
  publicJwk: JWK;
}

/** Generates an asymmetric signing key with the given `kid`. */
export async function createSigningKey(
  alg: 'ES256' | 'ES384' | 'RS256' | 'PS256',
  kid: string,
): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicJwk };
}

/** The shared secret as an HS256 signing key. */
export function sharedSecretKey(secret = SHARED_SECRET): SigningKey {
  const bytes = new TextEncoder().encode(secret);
  return { alg: 'HS256', kid: 'shared', privateKey: bytes, publicJwk: {} };
}

/** Seconds since the epoch, as JWT numeric dates count them. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A complete, valid claims set for a member (or, with `roles`, an admin) of `org-a`. */
export function validClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowSeconds();
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-1',
    org: 'org-a',
    roles: ['org-admin'],
    iat: now,
    exp: now + 600,
    ...overrides,
  };
}

/** Removes claims from a claims set, e.g. to test a missing `exp`. */
export function without(claims: Record<string, unknown>, ...names: string[]) {
  return Object.fromEntries(Object.entries(claims).filter(([name]) => !names.includes(name)));
}

/**
 * Signs any payload with the key: a claims set (valid or not) as JSON, a string as it is.
 * Header fields are added to `alg`, `kid` and `typ`, or override them.
 */
export async function signToken(
  key: SigningKey,
  payload: unknown = validClaims(),
  header: Record<string, unknown> = {},
): Promise<string> {
  const crit = Array.isArray(header.crit) ? header.crit : [];
  const recognised = Object.fromEntries(crit.map((name: string) => [name, true]));
  const bytes = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return new CompactSign(new TextEncoder().encode(bytes))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey, { crit: recognised });
}

/** Base64url of a string, for hand-made tokens. */
export function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/** A TOKEN authorizer event for the approve route. */
export function tokenEvent(authorization: string, methodArn = APPROVE_ARN) {
  const event: APIGatewayTokenAuthorizerEvent = {
    type: 'TOKEN',
    authorizationToken: authorization,
    methodArn,
  };
  return event;
}

/** Settings for a JWKS key source at `url`; `env` overrides any variable. */
export function jwksConfig(url: string, env: Record<string, string> = {}): AuthorizerConfig {
  return loadAuthorizerConfig({
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_JWKS_URL: url,
    ...env,
  });
}

/** Settings for the shared-secret (HS256) key source. */
export function secretConfig(env: Record<string, string> = {}): AuthorizerConfig {
  return loadAuthorizerConfig({
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_SECRET: SHARED_SECRET,
    ...env,
  });
}

/** Log lines written while capturing, and the logger that writes them. */
export interface LogCapture {
  logger: Logger;
  lines: string[];
  /** The parsed JSON log entries. */
  entries(): Record<string, unknown>[];
  restore(): void;
}

/** Captures everything written to stdout and stderr, where Powertools Logger prints. */
export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const record = (chunk: string | Uint8Array): boolean => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(record);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(record);

  return {
    logger: new Logger({ serviceName: 'authorizer-test', logLevel: 'DEBUG' }),
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      stdout.mockRestore();
      stderr.mockRestore();
    },
  };
}

/** An authorizer over the configured key source, logging into `capture`. */
export function authorizerFor(config: AuthorizerConfig, capture: LogCapture): Authorizer {
  return createAuthorizer(config, createKeySource(config), { logger: capture.logger });
}

/** The `code` of the last "Token refused" log entry. */
export function lastRefusalCode(capture: LogCapture): unknown {
  const refusals = capture.entries().filter((entry) => entry.message === 'Token refused');
  return refusals.at(-1)?.code;
}
