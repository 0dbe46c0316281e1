import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';

/** Where the key set is served, as OpenID Connect discovery would name it. */
export const JWKS_PATH = '/.well-known/jwks.json';

/** What to serve and where. */
export interface JwksServerOptions {
  jwks: JSONWebKeySet;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to `127.0.0.1`: the local key set is for this machine only. */
  host?: string;
}

/** A running key set server. */
export interface JwksServer {
  /** The key set's URL, ending in `/.well-known/jwks.json`. */
  url: string;
  close(): Promise<void>;
}

/** Serves a public JWK set over HTTP for the local authorizer. */
export async function startJwksServer(options: JwksServerOptions): Promise<JwksServer> {
  const body = JSON.stringify(options.jwks);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => respond(request, response, body));

  const port = await listen(server, options.port ?? 0, host);
  return { url: `http://${urlHost(host)}:${port}${JWKS_PATH}`, close: () => closeServer(server) };
}

function respond(request: IncomingMessage, response: ServerResponse, body: string): void {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path !== JWKS_PATH) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n');
    return;
  }

  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end();
    return;
  }
  response
    .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' })
    .end(request.method === 'HEAD' ? undefined : body);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive clients (fetch keeps sockets open) would otherwise hold close() open.
    server.closeAllConnections();
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
