import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the test endpoint received. */
export interface SecretsManagerRequest {
  target: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

/** How the test endpoint answers GetSecretValue. */
export type SecretAnswer =
  | { kind: 'string'; value: string }
  | { kind: 'binary'; value: Uint8Array }
  | { kind: 'not-found' };

/** A Secrets Manager endpoint (JSON 1.1 protocol) a test controls, recording every request. */
export interface SecretsManagerTestServer {
  endpoint: string;
  requests: SecretsManagerRequest[];
  answer: SecretAnswer;
  close(): Promise<void>;
}

/** Starts the endpoint on 127.0.0.1 and a free port; it answers with `answer`. */
export async function startSecretsManagerTestServer(
  answer: SecretAnswer,
): Promise<SecretsManagerTestServer> {
  const state = { requests: [] as SecretsManagerRequest[], answer };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const target = request.headers['x-amz-target'];
      state.requests.push({
        target: typeof target === 'string' ? target : undefined,
        contentType: request.headers['content-type'],
        body,
      });
      const [status, payload] = answerTo(state.answer, String(body.SecretId));
      response
        .writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

function answerTo(answer: SecretAnswer, secretId: string): [number, Record<string, unknown>] {
  const identity = { ARN: secretId, Name: 'jwt-signing-key', VersionId: 'v1' };
  if (answer.kind === 'not-found') {
    const message = "Secrets Manager can't find the specified secret.";
    return [400, { __type: 'ResourceNotFoundException', message }];
  }

  if (answer.kind === 'binary') {
    return [200, { ...identity, SecretBinary: Buffer.from(answer.value).toString('base64') }];
  }
  return [200, { ...identity, SecretString: answer.value }];
}
