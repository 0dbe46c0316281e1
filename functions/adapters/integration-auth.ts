import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { IntegrationError } from './json-http-client';

/** How the orchestrator presents itself to one dependency. */
export type IntegrationAuth =
  | { kind: 'bearer'; token: string }
  | { kind: 'api-key'; header: string; value: string }
  | { kind: 'secret'; secretArn: string };

/** Reads a secret's string value; Secrets Manager by default, injectable for tests. */
export type SecretReader = (secretArn: string) => Promise<string>;

const BEARER = /^bearer:([\x21-\x7e]{1,4096})$/;
const API_KEY = /^api-key:([A-Za-z0-9-]{1,64}):([\x21-\x7e][\x20-\x7e]{0,4095})$/;
const SECRET = /^secret:(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+)$/;

// Headers the client sets itself; a credential must never replace them.
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'idempotency-key',
  'connection',
  'transfer-encoding',
]);

/** Whether a `*_AUTH` value has one of the accepted forms; never says why, it may be secret. */
export function isIntegrationAuthSpec(spec: string): boolean {
  return parseIntegrationAuth(spec) !== undefined;
}

/** Parses `bearer:<token>`, `api-key:<header>:<value>` or `secret:<arn>`; undefined if invalid. */
export function parseIntegrationAuth(spec: string): IntegrationAuth | undefined {
  const bearer = BEARER.exec(spec);
  if (bearer?.[1]) return { kind: 'bearer', token: bearer[1] };

  const apiKey = API_KEY.exec(spec);
  const header = apiKey?.[1]?.toLowerCase();
  if (apiKey?.[2] && header && !RESERVED_HEADERS.has(header)) {
    return { kind: 'api-key', header, value: apiKey[2] };
  }

  const secret = SECRET.exec(spec);
  return secret?.[1] ? { kind: 'secret', secretArn: secret[1] } : undefined;
}

/**
 * The credential headers of one dependency. A Secrets Manager secret is read once per warm
 * container (a failed read is tried again on the next call); its value holds `bearer:…` or
 * `api-key:…:…`. Neither the value nor the headers ever reach a log line or an error message.
 */
export class IntegrationCredentials {
  private resolved?: Promise<Record<string, string>>;

  constructor(
    private readonly dependency: string,
    private readonly auth: IntegrationAuth | undefined,
    private readonly readSecret: SecretReader = readSecretString,
  ) {}

  /** The headers to send, reading the secret on first use. */
  headers(): Promise<Record<string, string>> {
    if (this.auth?.kind !== 'secret') return Promise.resolve(headersOf(this.auth));

    this.resolved ??= this.fromSecret(this.auth.secretArn).catch((error: unknown) => {
      this.resolved = undefined;
      throw error;
    });
    return this.resolved;
  }

  private async fromSecret(secretArn: string): Promise<Record<string, string>> {
    let value: string;
    try {
      value = await this.readSecret(secretArn);
    } catch (error) {
      const message = `the ${this.dependency} credential could not be read from Secrets Manager`;
      throw new IntegrationError('credential-unavailable', message, { cause: error });
    }

    const auth = parseIntegrationAuth(value.trim());
    if (auth === undefined || auth.kind === 'secret') {
      const message = `the ${this.dependency} credential secret must hold bearer:… or api-key:…:…`;
      throw new IntegrationError('credential-unavailable', message);
    }
    return headersOf(auth);
  }
}

function headersOf(auth: IntegrationAuth | undefined): Record<string, string> {
  if (auth?.kind === 'bearer') return { authorization: `Bearer ${auth.token}` };
  if (auth?.kind === 'api-key') return { [auth.header]: auth.value };
  return {};
}

let secretsManager: SecretsManagerClient | undefined;

/** Reads a secret's string with the SDK's standard configuration chain. */
export async function readSecretString(secretArn: string): Promise<string> {
  secretsManager ??= new SecretsManagerClient({ maxAttempts: 3 });
  const answer = await secretsManager.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (typeof answer.SecretString !== 'string') {
    throw new TypeError('The secret has no string value');
  }
  return answer.SecretString;
}
