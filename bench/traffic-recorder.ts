import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Requests counted in the stack's process since it started, by kind and operation. */
export interface TrafficCounters {
  /** DynamoDB operations received by dynalite, e.g. `GetItem`. */
  dynamodb: Record<string, number>;
  /** Step Functions API operations received by the emulator, e.g. `SendTaskSuccess`. */
  stepFunctions: Record<string, number>;
  /** API Gateway requests by answer: `handled` reached a handler, `refused` did not. */
  api: { handled: number; refused: number };
  /** Signatures verified: one per authorizer invocation (jose verifies through WebCrypto). */
  tokenVerifications: number;
}

/** One DynamoDB request and its answer, as dynalite saw them. */
export interface DynamoDbExchange {
  operation: string;
  requestBody: string;
  status: number;
  responseBody: string;
}

const DYNAMODB_TARGET = 'DynamoDB_20120810.';
const STEP_FUNCTIONS_TARGET = 'AWSStepFunctions.';
// Answers of the local gateway itself: the request never reached a handler.
const GATEWAY_REFUSALS = new Set([401, 403, 404, 405, 413]);
const MAX_EXCHANGES = 10_000;

/**
 * Observes every HTTP request the stack's servers receive, through Node's `http.server.request
 * .start` channel, so nothing in the stack is wrapped or reconfigured. Requests are told
 * apart by their `X-Amz-Target` (dynalite, the emulator) or the API port.
 */
export class TrafficRecorder {
  private readonly counters: TrafficCounters = {
    dynamodb: {},
    stepFunctions: {},
    api: { handled: 0, refused: 0 },
    tokenVerifications: 0,
  };
  private exchanges: DynamoDbExchange[] = [];
  private capturing = false;
  private apiPort: number | undefined;

  /** Starts observing; call before the stack starts so its first requests count too. */
  install(): void {
    diagnostics.subscribe('http.server.request.start', (message) => this.observe(message));
    this.countTokenVerifications();
  }

  /** Tells API requests apart once the gateway's port is known. */
  watchApiPort(port: number): void {
    this.apiPort = port;
  }

  /** A copy of the counters, for deltas around a measured step. */
  snapshot(): TrafficCounters {
    return structuredClone(this.counters);
  }

  /** Starts or stops keeping DynamoDB request and response bodies (the unit counts need them). */
  capture(on: boolean): void {
    this.capturing = on;
  }

  /** Hands over the exchanges kept so far and forgets them. */
  takeExchanges(): DynamoDbExchange[] {
    const taken = this.exchanges;
    this.exchanges = [];
    return taken;
  }

  private observe(message: unknown): void {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const target = String(request.headers['x-amz-target'] ?? '');

    if (target.startsWith(DYNAMODB_TARGET)) {
      const operation = target.slice(DYNAMODB_TARGET.length);
      increment(this.counters.dynamodb, operation);
      if (this.capturing && this.exchanges.length < MAX_EXCHANGES)
        this.keep(operation, request, response);
    } else if (target.startsWith(STEP_FUNCTIONS_TARGET)) {
      increment(this.counters.stepFunctions, target.slice(STEP_FUNCTIONS_TARGET.length));
    } else if (this.apiPort !== undefined && request.socket.localPort === this.apiPort) {
      response.once('finish', () => {
        const refused = GATEWAY_REFUSALS.has(response.statusCode);
        this.counters.api[refused ? 'refused' : 'handled'] += 1;
      });
    }
  }

  private keep(operation: string, request: IncomingMessage, response: ServerResponse): void {
    const requestChunks: Buffer[] = [];
    const responseChunks: Buffer[] = [];
    // Listeners added before dynalite's own (same tick) see every chunk; nothing is consumed.
    request.on('data', (chunk: Buffer) => requestChunks.push(chunk));
    collectWrites(response, responseChunks);

    response.once('finish', () => {
      this.exchanges.push({
        operation,
        requestBody: Buffer.concat(requestChunks).toString('utf8'),
        status: response.statusCode,
        responseBody: Buffer.concat(responseChunks).toString('utf8'),
      });
    });
  }

  private countTokenVerifications(): void {
    const subtle = globalThis.crypto.subtle;
    const verify = subtle.verify.bind(subtle);
    type Verify = typeof subtle.verify;
    // jose verifies every JWS through WebCrypto; nothing else in the stack verifies signatures.
    subtle.verify = ((algorithm, key, signature, data) => {
      this.counters.tokenVerifications += 1;
      return verify(algorithm, key, signature, data);
    }) as Verify;
  }
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function collectWrites(response: ServerResponse, chunks: Buffer[]): void {
  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  const keepChunk = (chunk: unknown) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };

  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    keepChunk(chunk);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keepChunk(chunk);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
}

/** Counters of `after` minus those of `before`. */
export function trafficBetween(before: TrafficCounters, after: TrafficCounters): TrafficCounters {
  return {
    dynamodb: difference(before.dynamodb, after.dynamodb),
    stepFunctions: difference(before.stepFunctions, after.stepFunctions),
    api: {
      handled: after.api.handled - before.api.handled,
      refused: after.api.refused - before.api.refused,
    },
    tokenVerifications: after.tokenVerifications - before.tokenVerifications,
  };
}

function difference(before: Record<string, number>, after: Record<string, number>) {
  const entries = Object.entries(after).map(([key, value]) => [key, value - (before[key] ?? 0)]);
  return Object.fromEntries(entries.filter(([, value]) => value !== 0));
}

/** The sum of a count table. */
export function totalOf(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}
