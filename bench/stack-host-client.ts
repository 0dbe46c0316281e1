import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { LocalEndpoints } from '../local/local-stack';
import { PROJECT_ROOT } from './bundle-options';
import type {
  HostCommandName,
  HostCommands,
  HostEvent,
  HostReply,
  HostRequest,
} from './host-protocol';

const START_TIMEOUT_MS = 90_000;
const COMMAND_TIMEOUT_MS = 120_000;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** The offline stack running in a child process, and the IPC commands it answers. */
export class StackHost {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(
    private readonly child: ChildProcess,
    readonly endpoints: LocalEndpoints,
    readonly dataDir: string,
  ) {
    child.on('message', (message: HostReply) => this.settle(message));
  }

  /** Forks `bench/stack-host.ts` under tsx and waits until the stack listens. */
  static async start(): Promise<StackHost> {
    const child = fork(join(PROJECT_ROOT, 'bench', 'stack-host.ts'), [], {
      cwd: PROJECT_ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });

    const ready = await waitForReady(child);
    return new StackHost(child, ready.endpoints, ready.dataDir);
  }

  /** Sends one command and resolves with its result. */
  call<N extends HostCommandName>(
    command: N,
    args: HostCommands[N]['args'],
  ): Promise<HostCommands[N]['result']> {
    const id = this.nextId++;
    const request: HostRequest = { id, command, args };

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`The stack did not answer ${command} within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      const settle = (action: () => void) => {
        clearTimeout(timer);
        action();
      };
      this.pending.set(id, {
        resolve: (value) => settle(() => resolve(value as HostCommands[N]['result'])),
        reject: (error) => settle(() => reject(error)),
      });
      this.child.send(request);
    });
  }

  /** Stops the stack and its process; kills the process if it does not exit in time. */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call('stop', null).catch(() => undefined);
    const killTimer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killTimer);
  }

  private settle(reply: HostReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;

    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(new Error(`The stack failed a command: ${reply.error}`));
  }
}

function waitForReady(child: ChildProcess): Promise<Extract<HostEvent, { type: 'ready' }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The stack did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`The stack exited with ${code} at start`)));
    child.on('message', (message: HostEvent) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`The stack failed to start: ${message.error}`));
      }
    });
  });
}
