import type {
  GetSecretValueCommandOutput,
  SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import type { SecretLoader } from './key-source';

/** HS256 needs a key at least as long as its 256-bit output (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

/** The secret holds no usable key; the message never contains any part of its value. */
export class SecretValueError extends Error {
  override name = 'SecretValueError';
}

/**
 * A loader that reads the HMAC key from a Secrets Manager secret: its string value as UTF-8
 * bytes, exactly as stored (not trimmed), or its binary value. The client is loaded on first
 * use, so a JWKS-configured authorizer never pays for it at cold start. `clientConfig` takes
 * the SDK's options; endpoint, region and credentials otherwise come from the standard chain
 * (`AWS_ENDPOINT_URL_SECRETS_MANAGER` included).
 */
export function createSecretsManagerLoader(
  secretArn: string,
  clientConfig: SecretsManagerClientConfig = {},
): SecretLoader {
  return async () => {
    const { GetSecretValueCommand, SecretsManagerClient } = await import(
      '@aws-sdk/client-secrets-manager'
    );
    const client = new SecretsManagerClient({ maxAttempts: 3, ...clientConfig });
    try {
      const answer = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
      return keyBytesOf(answer);
    } finally {
      client.destroy();
    }
  };
}

function keyBytesOf(answer: GetSecretValueCommandOutput): Uint8Array {
  const bytes =
    typeof answer.SecretString === 'string'
      ? new TextEncoder().encode(answer.SecretString)
      : answer.SecretBinary;
  if (bytes === undefined || bytes.byteLength < MIN_SECRET_BYTES) {
    throw new SecretValueError(
      `The JWT secret must hold at least ${MIN_SECRET_BYTES} bytes for HS256`,
    );
  }

  return bytes;
}
