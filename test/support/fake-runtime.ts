import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recorded call to the fake runtime agent. */
export interface RuntimeCall {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** How the fake answers one call: status, JSON body (or raw text), and an optional delay. */
export interface RuntimeReply {
  status: number;
  body: unknown;
  delayMs?: number;
}

/** A small real HTTP server playing the runtime agent, which misbehaves on demand. */
export interface FakeRuntime {
  url: string;
  calls: RuntimeCall[];
  reply: (call: RuntimeCall, index: number) => RuntimeReply;
  /** Distinct executions created per idempotency key: ids answered 2xx to a creation. */
  creations(idempotencyKey: string): number;
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port; by default every run succeeds at once. */
export async function startFakeRuntime(): Promise<FakeRuntime> {
  const created = new Map<string, Set<string>>();
  const fake: FakeRuntime = {
    url: '',
    calls: [],
    reply: (call) => ({
      status: 200,
      body: { executionId: `run-${call.idempotencyKey}`, status: 'succeeded', message: 'done' },
    }),
    creations: (key) => created.get(key)?.size ?? 0,
    close: async () => undefined,
  };

  const server = createServer((request, response) => {
    answer(fake, created, request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

async function answer(
  fake: FakeRuntime,
  created: Map<string, Set<string>>,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const key = request.headers['idempotency-key'];
  const call: RuntimeCall = {
    method: request.method ?? 'GET',
    path: request.url ?? '/',
    idempotencyKey: Array.isArray(key) ? key[0] : key,
    headers: request.headers,
    body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
  };
  fake.calls.push(call);

  const reply = fake.reply(call, fake.calls.length - 1);
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  noteCreation(created, call, reply);
  response.writeHead(reply.status, { 'content-type': 'application/json' });
  response.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
}

function noteCreation(created: Map<string, Set<string>>, call: RuntimeCall, reply: RuntimeReply) {
  const executionId = (reply.body as { executionId?: unknown } | null)?.executionId;
  const isCreation = call.method === 'POST' && call.path === '/executions';
  if (
    !isCreation ||
    reply.status >= 300 ||
    !call.idempotencyKey ||
    typeof executionId !== 'string'
  ) {
    return;
  }

  const ids = created.get(call.idempotencyKey) ?? new Set<string>();
  created.set(call.idempotencyKey, ids.add(executionId));
}
