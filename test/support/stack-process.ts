import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalEndpoints } from '../../local/local-stack';

/** `npm start` running in a child process, as a user runs it. */
export interface StackProcess {
  child: ChildProcess;
  endpoints: LocalEndpoints;
  output(): string;
}

/** Starts `tsx local/start.ts` on free ports in `dataDir` and waits until it is ready. */
export async function startStackProcess(
  dataDir: string,
  timeoutMs = 30_000,
): Promise<StackProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    env: { ...process.env, PORT: '0', LOCAL_DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Not ready in time:\n${output}`)), timeoutMs);
    const check = () => {
      if (output.includes('is running offline')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`Exited with ${code} before ready:\n${output}`)));
  });

  const endpoints = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8'));
  return { child, endpoints, output: () => output };
}

/** Stops the process the way a user or a crash would, and waits until it is gone. */
export async function stopStackProcess(stack: StackProcess, signal: NodeJS.Signals): Promise<void> {
  if (stack.child.exitCode !== null || stack.child.signalCode !== null) return;
  const exited = new Promise((resolve) => stack.child.once('exit', resolve));
  stack.child.kill(signal);
  await exited;
}
