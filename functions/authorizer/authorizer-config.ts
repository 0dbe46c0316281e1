import { type AuthorizerEnv, readAuthorizerEnv } from './authorizer-env';
import { AuthorizerConfigError } from './authorizer-errors';

/**
 * Where the verification keys come from: a JWKS endpoint, an HMAC secret kept in Secrets
 * Manager, or a shared secret in the environment (development).
 */
export type KeySourceConfig =
  | JwksKeySourceConfig
  | SecretsManagerKeySourceConfig
  | SharedSecretKeySourceConfig;

/** Public keys fetched from a JWKS endpoint through jose's remote key set. */
export interface JwksKeySourceConfig {
  kind: 'jwks';
  url: string;
  /** Abort a JWKS request after this long; keep it below the function's timeout. */
  timeoutMs: number;
  /** After a fetch, an unknown `kid` does not trigger another fetch for this long. */
  cooldownMs: number;
  /** Keys older than this are fetched again before use. */
  cacheMaxAgeMs: number;
}

/** An HMAC secret read from Secrets Manager once per cold start; only its ARN is configured. */
export interface SecretsManagerKeySourceConfig {
  kind: 'secretsManager';
  secretArn: string;
}

/** An HMAC secret shared with the token issuer (development only). */
export interface SharedSecretKeySourceConfig {
  kind: 'secret';
  secret: string;
}

/** The authorizer's validated settings. */
export interface AuthorizerConfig {
  issuer: string;
  audience: string;
  keySource: KeySourceConfig;
  algorithms: string[];
  /** Seconds, or a jose duration such as `12h`. */
  maxTokenAge: number | string;
  clockToleranceSeconds: number;
  orgClaim: string;
  rolesClaim: string;
  maxTokenBytes: number;
}

const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];
const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const KEY_SOURCE_VARIABLES = ['JWT_JWKS_URL', 'JWT_SECRET_ARN', 'JWT_SECRET'] as const;

/**
 * Validates the environment once (call it at cold start) and returns the settings.
 * Throws `AuthorizerConfigError` naming every variable to fix; never echoes a value.
 */
export function loadAuthorizerConfig(env: NodeJS.ProcessEnv = process.env): AuthorizerConfig {
  const variables = readAuthorizerEnv(env);
  const keySource = keySourceFrom(variables);
  return {
    issuer: variables.JWT_ISSUER,
    audience: variables.JWT_AUDIENCE,
    keySource,
    algorithms: algorithmsFor(keySource, variables.JWT_ALGORITHMS),
    maxTokenAge: maxTokenAgeFrom(variables.JWT_MAX_TOKEN_AGE),
    clockToleranceSeconds: variables.JWT_CLOCK_TOLERANCE_SECONDS,
    orgClaim: variables.JWT_ORG_CLAIM,
    rolesClaim: variables.JWT_ROLES_CLAIM,
    maxTokenBytes: variables.MAX_TOKEN_BYTES,
  };
}

function keySourceFrom(env: AuthorizerEnv): KeySourceConfig {
  const set = KEY_SOURCE_VARIABLES.filter((name) => env[name] !== undefined);
  if (set.length > 1) {
    throw new AuthorizerConfigError(
      `Set one key source (${KEY_SOURCE_VARIABLES.join(', ')}), not both ${set.join(' and ')}`,
    );
  }

  if (env.JWT_SECRET_ARN !== undefined) {
    return { kind: 'secretsManager', secretArn: env.JWT_SECRET_ARN };
  }

  if (env.JWT_SECRET !== undefined) {
    return { kind: 'secret', secret: env.JWT_SECRET };
  }

  if (env.JWT_JWKS_URL === undefined) {
    throw new AuthorizerConfigError(
      'Set JWT_JWKS_URL or JWT_SECRET_ARN (or JWT_SECRET for local development)',
    );
  }
  return {
    kind: 'jwks',
    url: requireSecureUrl(env.JWT_JWKS_URL),
    timeoutMs: env.JWT_JWKS_TIMEOUT_MS,
    cooldownMs: env.JWT_JWKS_COOLDOWN_MS,
    cacheMaxAgeMs: env.JWT_JWKS_CACHE_MAX_AGE_MS,
  };
}

function requireSecureUrl(value: string): string {
  const url = new URL(value);
  // Keys fetched in clear text could be swapped on the way; only the local stack may use http.
  if (url.protocol !== 'https:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new AuthorizerConfigError('JWT_JWKS_URL must use https (http only for a loopback host)');
  }
  return url.href;
}

function algorithmsFor(keySource: KeySourceConfig, list: string | undefined): string[] {
  const fallback = keySource.kind === 'jwks' ? 'ES256,RS256' : 'HS256';
  const algorithms = (list ?? fallback)
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (algorithms.length === 0) {
    throw new AuthorizerConfigError('JWT_ALGORITHMS must name at least one algorithm');
  }

  const allowed = keySource.kind === 'jwks' ? ASYMMETRIC_ALGORITHMS : HMAC_ALGORITHMS;
  for (const algorithm of algorithms) {
    if (!allowed.includes(algorithm)) {
      throw new AuthorizerConfigError(algorithmProblem(keySource, algorithm));
    }
  }
  return [...new Set(algorithms)];
}

function algorithmProblem(keySource: KeySourceConfig, algorithm: string): string {
  if (algorithm.toLowerCase() === 'none') {
    return 'JWT_ALGORITHMS must not contain "none": unsigned tokens are never accepted';
  }

  const variable = { jwks: 'JWT_JWKS_URL', secretsManager: 'JWT_SECRET_ARN', secret: 'JWT_SECRET' }[
    keySource.kind
  ];
  const usable = keySource.kind === 'jwks' ? ASYMMETRIC_ALGORITHMS : HMAC_ALGORITHMS;
  // An HMAC "key" taken from a JWKS is public: anyone could MAC a token with it.
  return `JWT_ALGORITHMS: ${algorithm} cannot be used with ${variable}; use ${usable.join(', ')}`;
}

function maxTokenAgeFrom(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}
