import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a stub serves, its JSON body already parsed. */
export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What a stub answers. */
export interface StubReply {
  status: number;
  body: unknown;
}

/** Decides the reply to one request. */
export type StubRoute = (request: StubRequest) => StubReply | Promise<StubReply>;

/** How a stub is served: the credential it requires, and where its request log goes. */
export interface StubOptions {
  requiredHeader?: { name: string; value: string };
  log?: (line: string) => void;
}

/** A stub listening on loopback. */
export interface RunningStub {
  name: string;
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 65_536;

/** Answers 400 with a message: the request breaks the contract. */
export function badRequest(detail: string): StubReply {
  return { status: 400, body: { title: 'Bad request', detail } };
}

/** Answers 404: no such resource. */
export function notFound(detail: string): StubReply {
  return { status: 404, body: { title: 'Not found', detail } };
}

/**
 * Starts a JSON service on 127.0.0.1 that logs one line per request (never a header value)
 * and, when `requiredHeader` is set, answers 401 to calls without that credential.
 */
export async function startStub(
  name: string,
  port: number,
  route: StubRoute,
  options: StubOptions = {},
): Promise<RunningStub> {
  const server = createServer((request, response) => {
    serve(name, route, options, request, response).catch((error: unknown) => {
      options.log?.(`${name}: ${String(error)}`);
      if (!response.headersSent) send(response, { status: 500, body: { title: 'Stub failed' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { name, url, close };
}

async function serve(
  name: string,
  route: StubRoute,
  options: StubOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  const path = new URL(request.url ?? '/', 'http://stub').pathname;
  const reply = await replyTo(route, options.requiredHeader, { method, path, request });

  send(response, reply);
  options.log?.(`${name.padEnd(11)} ${method} ${path} → ${reply.status}`);
}

async function replyTo(
  route: StubRoute,
  requiredHeader: { name: string; value: string } | undefined,
  call: { method: string; path: string; request: IncomingMessage },
): Promise<StubReply> {
  const { method, path, request } = call;
  const open = path === '/health';
  if (!open && requiredHeader && request.headers[requiredHeader.name] !== requiredHeader.value) {
    return { status: 401, body: { title: 'Unauthorized' } };
  }

  const text = await readBody(request);
  if (text === undefined) return { status: 413, body: { title: 'Body too large' } };
  const body = parseJson(text);
  if (body === NOT_JSON) return badRequest('the body is not JSON');

  return route({ method, path, headers: request.headers, body });
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return NOT_JSON;
  }
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, reply: StubReply): void {
  response.writeHead(reply.status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(reply.body));
}
