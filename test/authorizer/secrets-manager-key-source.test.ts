import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadAuthorizerConfig } from '../../functions/authorizer/authorizer-config';
import {
  AuthorizerConfigError,
  KeySourceUnavailableError,
} from '../../functions/authorizer/authorizer-errors';
import { type Authorizer, createAuthorizer } from '../../functions/authorizer/authorizer-handler';
import { createKeySource } from '../../functions/authorizer/key-source';
import { createSecretsManagerLoader } from '../../functions/authorizer/secrets-manager-secret';
import {
  AUDIENCE,
  captureLogs,
  ISSUER,
  type LogCapture,
  SHARED_SECRET,
  sharedSecretKey,
  signToken,
  tokenEvent,
  validClaims,
} from './authorizer-fixtures';
import {
  type SecretAnswer,
  type SecretsManagerTestServer,
  startSecretsManagerTestServer,
} from './secrets-manager-test-server';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt-signing-key-AbC123';
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

let server: SecretsManagerTestServer;
let capture: LogCapture;

beforeEach(() => {
  capture = captureLogs();
});
afterEach(async () => {
  capture.restore();
  vi.unstubAllEnvs();
  await server.close();
});

async function secretsManager(answer: SecretAnswer): Promise<SecretsManagerClientConfig> {
  server = await startSecretsManagerTestServer(answer);
  return { endpoint: server.endpoint, region: 'eu-west-1', credentials: CREDENTIALS };
}

function authorizerReading(clientConfig: SecretsManagerClientConfig): Authorizer {
  const config = loadAuthorizerConfig({
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_SECRET_ARN: SECRET_ARN,
  });
  const keySource = createKeySource(config, { secretsManager: clientConfig });
  return createAuthorizer(config, keySource, { logger: capture.logger });
}

async function bearer(): Promise<string> {
  return `Bearer ${await signToken(sharedSecretKey(), validClaims())}`;
}

describe('createSecretsManagerLoader', () => {
  it('asks Secrets Manager for the secret by ARN over its JSON 1.1 protocol', async () => {
    const clientConfig = await secretsManager({ kind: 'string', value: SHARED_SECRET });

    const key = await createSecretsManagerLoader(SECRET_ARN, clientConfig)();

    expect(new TextDecoder().decode(key as Uint8Array)).toBe(SHARED_SECRET);
    expect(server.requests).toEqual([
      {
        target: 'secretsmanager.GetSecretValue',
        contentType: 'application/x-amz-json-1.1',
        body: { SecretId: SECRET_ARN },
      },
    ]);
  });

  it('takes a binary secret as it is', async () => {
    const value = new Uint8Array(48).fill(7);
    const clientConfig = await secretsManager({ kind: 'binary', value });

    const key = await createSecretsManagerLoader(SECRET_ARN, clientConfig)();

    expect(key).toEqual(value);
  });

  it('refuses a secret shorter than 32 bytes without repeating it', async () => {
    const clientConfig = await secretsManager({ kind: 'string', value: 'short-secret-value' });

    const attempt = createSecretsManagerLoader(SECRET_ARN, clientConfig)();

    await expect(attempt).rejects.toThrow('The JWT secret must hold at least 32 bytes for HS256');
    await expect(attempt).rejects.not.toThrow(/short-secret-value/);
  });
});

describe('the authorizer with JWT_SECRET_ARN', () => {
  it('allows an HS256 token signed with the key kept in Secrets Manager', async () => {
    const authorize = authorizerReading(
      await secretsManager({ kind: 'string', value: SHARED_SECRET }),
    );

    const result = await authorize(tokenEvent(await bearer()));

    expect(result.principalId).toBe('user-1');
    expect(result.context).toMatchObject({ org: 'org-a', isAdmin: 'true' });
  });

  it('reads the secret once for every invocation of the execution environment', async () => {
    const authorize = authorizerReading(
      await secretsManager({ kind: 'string', value: SHARED_SECRET }),
    );

    await authorize(tokenEvent(await bearer()));
    await authorize(tokenEvent(await bearer()));
    await authorize(tokenEvent(await bearer()));

    expect(server.requests).toHaveLength(1);
  });

  it('fails closed while the secret cannot be read, and reads again on the next call', async () => {
    const authorize = authorizerReading(await secretsManager({ kind: 'not-found' }));

    const failure = authorize(tokenEvent(await bearer()));
    await expect(failure).rejects.toBeInstanceOf(KeySourceUnavailableError);
    await expect(failure).rejects.toMatchObject({ code: 'SECRET_UNAVAILABLE' });

    server.answer = { kind: 'string', value: SHARED_SECRET };
    await expect(authorize(tokenEvent(await bearer()))).resolves.toMatchObject({
      principalId: 'user-1',
    });
    expect(server.requests).toHaveLength(2);
  });

  it('reaches Secrets Manager through AWS_ENDPOINT_URL_SECRETS_MANAGER by default', async () => {
    await secretsManager({ kind: 'string', value: SHARED_SECRET });
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', server.endpoint);
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);

    const authorize = authorizerReading({});

    await expect(authorize(tokenEvent(await bearer()))).resolves.toMatchObject({
      principalId: 'user-1',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('never writes the secret to a log line', async () => {
    const authorize = authorizerReading(
      await secretsManager({ kind: 'string', value: SHARED_SECRET }),
    );

    await authorize(tokenEvent(await bearer()));
    await authorize(tokenEvent('Bearer not.a.token')).catch(() => undefined);

    expect(capture.lines.join('\n')).not.toContain(SHARED_SECRET);
  });
});

describe('loadAuthorizerConfig with JWT_SECRET_ARN', () => {
  const base = { JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE };

  it('reads the key from Secrets Manager and verifies HS256', () => {
    const config = loadAuthorizerConfig({ ...base, JWT_SECRET_ARN: SECRET_ARN });

    expect(config.keySource).toEqual({ kind: 'secretsManager', secretArn: SECRET_ARN });
    expect(config.algorithms).toEqual(['HS256']);
  });

  it.each([
    ['with a JWKS', { JWT_JWKS_URL: 'https://issuer.example.test/jwks.json' }, /not both/],
    ['with a shared secret', { JWT_SECRET: SHARED_SECRET }, /JWT_SECRET_ARN and JWT_SECRET/],
    ['with an asymmetric algorithm', { JWT_ALGORITHMS: 'RS256' }, /RS256 cannot be used/],
  ])('refuses the secret ARN %s', (_, env, message) => {
    const attempt = () => loadAuthorizerConfig({ ...base, JWT_SECRET_ARN: SECRET_ARN, ...env });

    expect(attempt).toThrow(AuthorizerConfigError);
    expect(attempt).toThrow(message);
  });

  it('refuses a partial ARN, which IAM would not match', () => {
    const partial = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt-signing-key';

    expect(() => loadAuthorizerConfig({ ...base, JWT_SECRET_ARN: partial })).toThrow(
      'JWT_SECRET_ARN: must be a complete secret ARN',
    );
  });
});
