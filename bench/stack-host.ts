import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '../local/local-stack';
import { runDynamoDbFloor } from './dynamodb-floor';
import type { HostCommands, HostEvent, HostReply, HostRequest } from './host-protocol';
import { TrafficRecorder } from './traffic-recorder';

// The offline stack in a process of its own, as `npm start` runs it; the benchmark process
// drives it over HTTP and asks it for counters over IPC.

type CommandHandlers = {
  [N in keyof HostCommands]: (args: HostCommands[N]['args']) => Promise<HostCommands[N]['result']>;
};

const recorder = new TrafficRecorder();
recorder.install();
const dataDir = mkdtempSync(join(tmpdir(), 'orchestrator-bench-stack-'));

// The benchmark process owns this one; without it, nothing should keep running.
process.on('disconnect', () => process.exit(1));

try {
  const stack = await startLocalStack({ dataDir, logLevel: 'ERROR' });
  recorder.watchApiPort(Number(new URL(stack.endpoints.api).port));
  const handlers = commandHandlers(stack);
  process.on('message', (message: HostRequest) => {
    answer(handlers, message).then((reply) => process.send?.(reply));
  });
  emit({ type: 'ready', endpoints: stack.endpoints, dataDir });
} catch (error) {
  rmSync(dataDir, { recursive: true, force: true });
  emit({
    type: 'failed',
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exitCode = 1;
}

function commandHandlers(stack: LocalStack): CommandHandlers {
  const { dynamodb, region } = stack.endpoints;
  return {
    counters: async () => ({
      traffic: recorder.snapshot(),
      stateTransitions: stack.stateTransitions(),
    }),
    capture: async (on) => {
      recorder.capture(on);
      return null;
    },
    exchanges: async () => recorder.takeExchanges(),
    floor: (plan) => runDynamoDbFloor({ ...plan, endpoint: dynamodb, region }),
    stop: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
      // Exits once the reply is on its way.
      setImmediate(() => process.exit(0));
      return null;
    },
  };
}

async function answer(handlers: CommandHandlers, request: HostRequest): Promise<HostReply> {
  try {
    const handler = handlers[request.command] as (args: unknown) => Promise<unknown>;
    return { id: request.id, ok: true, result: await handler(request.args) };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { id: request.id, ok: false, error: message };
  }
}

function emit(event: HostEvent): void {
  process.send?.(event);
}
