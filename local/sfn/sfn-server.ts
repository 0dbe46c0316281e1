import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ResolvedStateMachine } from './definition-loader';
import { type EmulatorLogger, silentLogger } from './emulator-logger';
import { ExecutionStore } from './execution-store';
import { ExecutionInterpreter, type InterpreterStats, type InvokeFunction } from './interpreter';
import { type ArnScope, stateMachineArn } from './sfn-arns';
import { StepFunctionsApiError } from './sfn-errors';
import { createOperations, type Operation } from './sfn-operations';

/** How to start the local Step Functions endpoint. */
export interface StepFunctionsServerOptions {
  /** TCP port; 0 or absent picks a free one. */
  port?: number;
  /** Interface to listen on; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** Directory holding one JSON file per execution; running executions resume from it. */
  dataDir: string;
  stateMachines: readonly ResolvedStateMachine[];
  invokeFunction: InvokeFunction;
  region?: string;
  accountId?: string;
  logger?: EmulatorLogger;
}

/** A running local Step Functions endpoint. */
export interface StepFunctionsServer {
  /** Base URL for `AWS_ENDPOINT_URL_SFN` or the SDK's `endpoint`. */
  endpoint: string;
  port: number;
  /** The ARN of each state machine by its logical id. */
  stateMachineArns: Record<string, string>;
  /** Counters for benchmarks (state transitions, Lambda calls, retries, executions). */
  stats(): InterpreterStats;
  /** State transitions of one execution, or undefined if it is unknown. */
  executionTransitions(executionArn: string): number | undefined;
  /** Stops serving and stops timers; running executions stay on disk to resume later. */
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AWSStepFunctions.';
const MAX_BODY_BYTES = 1024 * 1024;
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** Starts the Step Functions emulator behind the AWS JSON 1.0 protocol the SDK speaks. */
export async function startStepFunctionsServer(
  options: StepFunctionsServerOptions,
): Promise<StepFunctionsServer> {
  const scope: ArnScope = {
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
  };
  const logger = options.logger ?? silentLogger;
  const machines = options.stateMachines.map(({ logicalId, definition }) => ({
    arn: stateMachineArn(scope, logicalId),
    name: logicalId,
    definition,
  }));

  const interpreter = await ExecutionInterpreter.open({
    store: new ExecutionStore(options.dataDir),
    stateMachines: machines,
    invokeFunction: options.invokeFunction,
    logger,
  });
  const operations = createOperations(interpreter, scope, Date.now());
  const server = createServer((request, response) => {
    serve(operations, logger, request, response);
  });
  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');

  return {
    endpoint: `http://${formatHost(options.host ?? '127.0.0.1')}:${port}`,
    port,
    stateMachineArns: Object.fromEntries(machines.map((machine) => [machine.name, machine.arn])),
    stats: () => interpreter.stats(),
    executionTransitions: (arn) => interpreter.findExecution(arn)?.stateTransitions,
    close: async () => {
      await closeServer(server);
      await interpreter.close();
    },
  };
}

function serve(
  operations: Record<string, Operation>,
  logger: EmulatorLogger,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const target = request.headers['x-amz-target'];
  const operation = typeof target === 'string' ? target.replace(TARGET_PREFIX, '') : '';

  answer(operations, operation, request)
    .then((body) => send(response, 200, body))
    .catch((error: unknown) => {
      if (error instanceof StepFunctionsApiError) {
        send(response, 400, {
          __type: `com.amazonaws.states#${error.code}`,
          message: error.message,
        });
        return;
      }
      logger.error('Step Functions request failed', { operation, error });
      send(response, 500, {
        __type: 'com.amazonaws.states#InternalFailure',
        message: 'Internal error',
      });
    });
}

async function answer(
  operations: Record<string, Operation>,
  operation: string,
  request: IncomingMessage,
): Promise<unknown> {
  const handler = request.method === 'POST' ? operations[operation] : undefined;
  if (handler === undefined || !Object.hasOwn(operations, operation)) {
    throw new StepFunctionsApiError(
      'UnknownOperationException',
      `Unknown operation '${operation}'`,
    );
  }

  return handler(parseBody(await readBody(request)));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new StepFunctionsApiError('ValidationException', 'The request body is over 1 MiB'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(text: string): unknown {
  if (text.trim() === '') {
    return {};
  }

  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StepFunctionsApiError('SerializationException', 'The request body is not JSON', {
      cause: error,
    });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);

  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new TypeError(`The server did not bind a TCP port on ${host}`));
        return;
      }
      resolve(address.port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    // SDK clients keep connections alive; without this, close would wait for them to idle out.
    server.closeAllConnections();
  });
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
