import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { AuthorizerConfig, JwksKeySourceConfig } from './authorizer-config';
import { KeySourceUnavailableError } from './authorizer-errors';
import { createSecretsManagerLoader } from './secrets-manager-secret';

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

/** Collaborators a key source may be given instead of its defaults. */
export interface KeySourceOptions {
  /** Options of the Secrets Manager client (tests point `endpoint` at a local server). */
  secretsManager?: SecretsManagerClientConfig;
}

/**
 * The key source the configuration names. Call it once per execution environment (cold
 * start) so the JWKS cache and cooldown, or the secret read from Secrets Manager, outlive
 * single invocations.
 */
export function createKeySource(
  config: AuthorizerConfig,
  options: KeySourceOptions = {},
): KeySource {
  const source = config.keySource;
  if (source.kind === 'jwks') {
    return createJwksKeySource(source);
  }

  if (source.kind === 'secretsManager') {
    return createSharedSecretKeySource(
      createSecretsManagerLoader(source.secretArn, options.secretsManager),
    );
  }

  const { secret } = source;
  return createSharedSecretKeySource(async () => secret);
}

function toBytes(secret: string | Uint8Array): Uint8Array {
  return typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
}
