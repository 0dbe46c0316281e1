import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recorded call to a fake dependency. */
export interface ServiceCall {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
}

/** How the fake answers: a JSON body or raw text, after an optional delay; or a reset. */
export type ServiceReply =
  | { status: number; body?: unknown; raw?: string; delayMs?: number }
  | { reset: true };

/** A small real HTTP server playing a dependency, which misbehaves on demand. */
export interface FakeService {
  url: string;
  calls: ServiceCall[];
  reply: (call: ServiceCall, index: number) => ServiceReply;
  /** Stops listening, so that every call is refused, until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port; by default it answers 200 `{status: "ok"}`. */
export async function startFakeService(
  reply: FakeService['reply'] = () => ({ status: 200, body: { status: 'ok' } }),
): Promise<FakeService> {
  const server = createServer((request, response) => {
    answer(fake, request, response).catch(() => response.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });

  await listen(0);
  const { port } = server.address() as AddressInfo;
  const fake: FakeService = {
    url: `http://127.0.0.1:${port}`,
    calls: [],
    reply,
    down: stop,
    up: () => listen(port),
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
  return fake;
}

/** A loopback URL where nothing listens: every call is refused. */
export async function refusingUrl(): Promise<string> {
  const fake = await startFakeService();
  await fake.close();
  return fake.url;
}

async function answer(fake: FakeService, request: IncomingMessage, response: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const call: ServiceCall = {
    method: request.method ?? 'GET',
    path: request.url ?? '/',
    headers: request.headers,
    body: parseOrRaw(text),
  };
  fake.calls.push(call);

  const reply = fake.reply(call, fake.calls.length - 1);
  if ('reset' in reply) {
    request.socket.destroy();
    return;
  }
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  response.writeHead(reply.status, { 'content-type': 'application/json' });
  response.end(reply.raw ?? JSON.stringify(reply.body ?? {}));
}

function parseOrRaw(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
