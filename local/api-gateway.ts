import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ApiRoute } from '../functions/core/api-routes';
import type { AuthorizerGateway } from './authorizer-gateway';
import { lambdaContext } from './lambda-context';
import { lookupRoute, type RouteMatch } from './route-table';

/** A route handler as Lambda runs it. */
export type ProxyHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/** What the local gateway needs: handlers by name and the authorizer step. */
export interface ApiGatewayOptions {
  host: string;
  port: number;
  stage: string;
  handlers: Record<string, ProxyHandler>;
  authorizer: AuthorizerGateway;
  onError?: (message: string, error: unknown) => void;
}

/** A running local API Gateway. */
export interface LocalApiGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

// API Gateway refuses payloads over 10 MB before any authorizer or Lambda runs.
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const API_ID = 'local';
const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

/** Serves the API routes over HTTP with the event shapes API Gateway sends to Lambda. */
export async function startApiGateway(options: ApiGatewayOptions): Promise<LocalApiGateway> {
  const server = createServer((request, response) => {
    serve(options, request, response).catch((error) => {
      options.onError?.('Local gateway failed', error);
      sendProblem(response, 500, 'Internal error', 'The local gateway failed');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://${options.host}:${port}`, port, close: () => closeServer(server) };
}

async function serve(
  options: ApiGatewayOptions,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const lookup = lookupRoute(request.method ?? 'GET', url.pathname);
  if (lookup.kind === 'not-found') {
    return sendProblem(response, 404, 'Not found', `No route ${url.pathname}`);
  }
  if (lookup.kind === 'method-not-allowed') {
    response.setHeader('allow', lookup.allowed.join(', '));
    return sendProblem(
      response,
      405,
      'Method not allowed',
      `${request.method} is not allowed here`,
    );
  }

  const body = await readBody(request);
  if (body === undefined) {
    return sendProblem(response, 413, 'Payload too large', 'The request body exceeds 10 MB');
  }

  const { route } = lookup.match;
  const requestId = randomUUID();
  const methodArn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/${options.stage}/${route.method}${url.pathname}`;
  const authorizerContext = await authorize(options, request, route, methodArn, response);
  if (authorizerContext === null) return;

  const event = proxyEvent(
    request,
    url,
    lookup.match,
    body,
    requestId,
    options.stage,
    authorizerContext,
  );
  await invoke(options, route, event, response);
}

async function authorize(
  options: ApiGatewayOptions,
  request: IncomingMessage,
  route: ApiRoute,
  methodArn: string,
  response: ServerResponse,
): Promise<Record<string, string | number | boolean> | undefined | null> {
  if (route.access === 'public') return undefined;

  const verdict = await options.authorizer.decide(request.headers.authorization, methodArn);
  switch (verdict.kind) {
    case 'allowed':
      return { ...verdict.context, principalId: verdict.principalId };
    case 'unauthorized':
      sendProblem(response, 401, 'Unauthorized', 'A valid bearer token is required');
      return null;
    case 'forbidden':
      sendProblem(response, 403, 'Forbidden', 'The token does not allow this route');
      return null;
    case 'failed':
      options.onError?.('Authorizer failed', verdict.error);
      sendProblem(response, 500, 'Authorizer failed', 'The request could not be authorized');
      return null;
  }
}

async function invoke(
  options: ApiGatewayOptions,
  route: ApiRoute,
  event: APIGatewayProxyEvent,
  response: ServerResponse,
) {
  const handler = options.handlers[route.handler];
  if (!handler) throw new TypeError(`No handler named ${route.handler} is loaded`);

  let result: APIGatewayProxyResult;
  try {
    result = await handler(event, lambdaContext(route.handler));
  } catch (error) {
    // A Lambda that throws gives API Gateway's 502, never the error's text.
    options.onError?.(`Handler ${route.handler} threw`, error);
    return sendProblem(response, 502, 'Bad gateway', 'The handler failed');
  }

  for (const [name, value] of Object.entries(result.headers ?? {})) {
    response.setHeader(name, String(value));
  }
  response.statusCode = result.statusCode;
  const payload = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  response.end(payload);
}

function proxyEvent(
  request: IncomingMessage,
  url: URL,
  match: RouteMatch,
  body: string,
  requestId: string,
  stage: string,
  authorizer: Record<string, string | number | boolean> | undefined,
): APIGatewayProxyEvent {
  const headers = singleValueHeaders(request);
  const query = Object.fromEntries(url.searchParams.entries());
  return {
    resource: match.route.path,
    path: url.pathname,
    httpMethod: match.route.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: Object.keys(query).length ? query : null,
    multiValueQueryStringParameters: null,
    pathParameters: match.pathParameters,
    stageVariables: null,
    body: body === '' ? null : body,
    isBase64Encoded: false,
    requestContext: {
      accountId: ACCOUNT,
      apiId: API_ID,
      authorizer: authorizer ?? null,
      httpMethod: match.route.method,
      path: `/${stage}${url.pathname}`,
      protocol: 'HTTP/1.1',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: match.route.path,
      resourcePath: match.route.path,
      stage,
      identity: localIdentity(request),
    },
  } as APIGatewayProxyEvent;
}

function singleValueHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function localIdentity(request: IncomingMessage) {
  return {
    sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    userAgent: request.headers['user-agent'] ?? null,
  };
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendProblem(response: ServerResponse, status: number, title: string, detail: string) {
  if (response.headersSent) return;
  const code = title.toLowerCase().replace(/\s+/g, '-');
  response.statusCode = status;
  response.setHeader('content-type', 'application/problem+json');
  response.end(
    JSON.stringify({ type: `urn:incident-orchestrator:problem:${code}`, title, status, detail }),
  );
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
