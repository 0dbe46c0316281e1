import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IntegrationCredentials,
  parseIntegrationAuth,
  readSecretString,
} from '../../functions/adapters/integration-auth';
import { IntegrationError } from '../../functions/adapters/json-http-client';
import { readServiceConfig } from '../../functions/adapters/service-config';
import { type FakeService, startFakeService } from '../support/fake-service';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:runtime-credential-AbCdEf';
const SECRET_TOKEN = 'secret-token-7c1e-never-logged';
let secretsManager: FakeService;
let secretAnswer: { status: number; value?: string };

beforeAll(async () => {
  secretsManager = await startFakeService((call) => {
    if (call.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
      return { status: 400, body: { __type: 'InvalidRequestException' } };
    }
    if (secretAnswer.status !== 200)
      return { status: 400, body: { __type: 'AccessDeniedException' } };
    const { SecretId } = call.body as { SecretId: string };
    return {
      status: 200,
      body: { ARN: SecretId, Name: 'runtime-credential', SecretString: secretAnswer.value },
    };
  });
  // The SDK's standard variables point the real client at the fake, as a user would.
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secretsManager.url;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
});

afterAll(() => secretsManager.close());

describe('parseIntegrationAuth', () => {
  it('reads the bearer, API key and Secrets Manager forms', () => {
    expect(parseIntegrationAuth('bearer:abc.def')).toEqual({ kind: 'bearer', token: 'abc.def' });
    expect(parseIntegrationAuth('api-key:X-Api-Key:k 1')).toEqual({
      kind: 'api-key',
      header: 'x-api-key',
      value: 'k 1',
    });
    expect(parseIntegrationAuth(`secret:${SECRET_ARN}`)).toEqual({
      kind: 'secret',
      secretArn: SECRET_ARN,
    });
  });

  it('refuses other forms and headers the client sets itself', () => {
    const refused = [
      'Bearer abc',
      'bearer:',
      'bearer:a b',
      'api-key:Idempotency-Key:x',
      'api-key:Content-Type:x',
      'api-key:bad header:x',
      'secret:not-an-arn',
      'basic:user:pass',
    ];

    expect(refused.map((spec) => parseIntegrationAuth(spec))).toEqual(refused.map(() => undefined));
  });
});

describe('readServiceConfig', () => {
  it('names an invalid *_AUTH variable without repeating its value', () => {
    const env = { ORCHESTRATIONS_TABLE: 'o', AUDIT_TABLE: 'a', RUNTIME_AUTH: 'token hunter2' };

    const refusal = (): unknown => {
      try {
        return readServiceConfig(env);
      } catch (caught) {
        return caught;
      }
    };

    const error = refusal();

    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('Invalid handler environment (RUNTIME_AUTH)');
    expect(JSON.stringify((error as TypeError).cause)).not.toContain('hunter2');
  });
});

describe('IntegrationCredentials', () => {
  it('reads a Secrets Manager credential once per warm container', async () => {
    secretAnswer = { status: 200, value: `bearer:${SECRET_TOKEN}` };
    const credentials = new IntegrationCredentials('runtime', {
      kind: 'secret',
      secretArn: SECRET_ARN,
    });
    const before = secretsManager.calls.length;

    const first = await credentials.headers();
    const second = await credentials.headers();

    expect(first).toEqual({ authorization: `Bearer ${SECRET_TOKEN}` });
    expect(second).toEqual(first);
    expect(secretsManager.calls.length - before).toBe(1);
  });

  it('fails with a reason that holds no secret, and reads again on the next call', async () => {
    secretAnswer = { status: 400 };
    const credentials = new IntegrationCredentials('runtime', {
      kind: 'secret',
      secretArn: SECRET_ARN,
    });

    const error = await credentials.headers().catch((caught: unknown) => caught);
    secretAnswer = { status: 200, value: 'api-key:X-Runtime-Key:k-42' };
    const recovered = await credentials.headers();

    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({
      reason: 'credential-unavailable',
      message: 'the runtime credential could not be read from Secrets Manager',
    });
    expect(recovered).toEqual({ 'x-runtime-key': 'k-42' });
  });

  it('refuses a secret that does not hold an accepted form, without echoing it', async () => {
    secretAnswer = { status: 200, value: SECRET_TOKEN };
    const credentials = new IntegrationCredentials('registry', {
      kind: 'secret',
      secretArn: SECRET_ARN,
    });

    const error = (await credentials.headers().catch((caught: unknown) => caught)) as Error;

    expect(error.message).toBe('the registry credential secret must hold bearer:… or api-key:…:…');
    expect(JSON.stringify(error)).not.toContain(SECRET_TOKEN);
  });

  it('reads the secret through the SDK with the standard endpoint variables', async () => {
    secretAnswer = { status: 200, value: 'bearer:abc' };

    expect(await readSecretString(SECRET_ARN)).toBe('bearer:abc');
  });
});
