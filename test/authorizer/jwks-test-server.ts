import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

/** How the test JWKS endpoint answers. */
export type JwksBehaviour =
  | 'serve'
  | 'status-500'
  | 'redirect'
  | 'hang'
  | 'junk-text'
  | 'junk-json';

/** A JWKS endpoint whose keys and behaviour a test controls, counting every request. */
export interface JwksTestServer {
  url: string;
  /** Requests to the JWKS path so far. */
  hits: number;
  /** Requests that followed a redirect to the moved key set. */
  redirectsFollowed: number;
  keys: JWK[];
  behaviour: JwksBehaviour;
  close(): Promise<void>;
}

/** Starts a JWKS endpoint on 127.0.0.1 and a free port. */
export async function startJwksTestServer(keys: JWK[] = []): Promise<JwksTestServer> {
  const state = { hits: 0, redirectsFollowed: 0, keys, behaviour: 'serve' as JwksBehaviour };
  const server = createServer((request, response) => {
    if (request.url === '/moved') {
      state.redirectsFollowed += 1;
      serveKeys(response, state.keys);
      return;
    }
    state.hits += 1;
    ANSWERS[state.behaviour](response, state.keys);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

const ANSWERS: Record<JwksBehaviour, (response: ServerResponse, keys: JWK[]) => void> = {
  serve: serveKeys,
  'status-500': (response) => response.writeHead(500).end('{"message":"internal"}'),
  // The target serves valid keys: following the redirect would make the test pass wrongly.
  redirect: (response) => response.writeHead(302, { location: '/moved' }).end(),
  hang: () => undefined,
  'junk-text': (response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<p>'),
  'junk-json': (response) => response.writeHead(200).end('{"keys":"not-a-list"}'),
};

function serveKeys(response: ServerResponse, keys: JWK[]): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
}
