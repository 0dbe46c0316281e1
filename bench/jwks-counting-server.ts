import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';

/** A key set served on loopback that counts the fetches of each client. */
export interface CountingJwksServer {
  /** The key set's URL for a named client; fetches are counted per name. */
  urlFor(client: string): string;
  fetches(client: string): number;
  close(): Promise<void>;
}

const JWKS_PATH = '/jwks.json';

/** Serves `jwks` at `http://127.0.0.1:<port>/jwks.json?client=<name>`. */
export async function startCountingJwksServer(jwks: JSONWebKeySet): Promise<CountingJwksServer> {
  const body = JSON.stringify(jwks);
  const counts = new Map<string, number>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== JWKS_PATH) {
      response.writeHead(404).end();
      return;
    }
    const client = url.searchParams.get('client') ?? '';
    counts.set(client, (counts.get(client) ?? 0) + 1);
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });

  const port = await listen(server);
  return {
    urlFor: (client) => `http://127.0.0.1:${port}${JWKS_PATH}?client=${encodeURIComponent(client)}`,
    fetches: (client) => counts.get(client) ?? 0,
    close: () => close(server),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // jose's fetch keeps its socket alive; without this close() would wait for it.
    server.closeAllConnections();
  });
}
