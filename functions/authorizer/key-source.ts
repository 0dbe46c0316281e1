import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { AuthorizerConfig, JwksKeySourceConfig } from './authorizer-config';
import { KeySourceUnavailableError } from './authorizer-errors';

/**
 * Resolves the key that verifies a token, from its (not yet verified) protected header.
 * Throws jose's `JWKSNoMatchingKey`/`JWKSMultipleMatchingKeys` when the token names no usable
 * key; any other failure means the key source itself is unavailable.
 */
export type KeySource = JWTVerifyGetKey;

/** Loads a shared secret, e.g. from Secrets Manager; called again only after a failure. */
export type SecretLoader = () => Promise<string | Uint8Array>;

/** A key source over a JWKS endpoint, with jose's caching, cooldown and timeout. */
export function createJwksKeySource(config: JwksKeySourceConfig): KeySource {
  return createRemoteJWKSet(new URL(config.url), {
    timeoutDuration: config.timeoutMs,
    cooldownDuration: config.cooldownMs,
    cacheMaxAge: config.cacheMaxAgeMs,
  });
}

/** A key source over a shared HMAC secret; the loader's result is kept once it succeeds. */
export function createSharedSecretKeySource(loadSecret: SecretLoader): KeySource {
  let pending: Promise<Uint8Array> | undefined;

  return async () => {
    pending ??= loadSecret().then(toBytes);
    try {
      return await pending;
    } catch (error) {
      pending = undefined;
      throw new KeySourceUnavailableError('SECRET_UNAVAILABLE', { cause: error });
    }
  };
}

/**
 * The key source the configuration names. Call it once per execution environment (cold
 * start) so the JWKS cache and cooldown outlive single invocations.
 */
export function createKeySource(config: AuthorizerConfig): KeySource {
  if (config.keySource.kind === 'jwks') {
    return createJwksKeySource(config.keySource);
  }

  const { secret } = config.keySource;
  return createSharedSecretKeySource(async () => secret);
}

function toBytes(secret: string | Uint8Array): Uint8Array {
  return typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
}
