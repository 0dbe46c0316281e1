import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `npm run stubs` as a user would, on free ports, until its banner is printed. */
async function startStubsProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/stubs/start-stubs.ts'], {
    env: {
      ...process.env,
      REGISTRY_STUB_PORT: '0',
      RUNTIME_STUB_PORT: '0',
      RECOMMENDER_STUB_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += String(chunk);
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No banner:\n${output}`)), 20_000);
    child.stdout.on('data', () => {
      if (!output.includes('Each request they serve')) return;
      clearTimeout(timer);
      resolve();
    });
  });
  return { child, output: () => output };
}

describe('npm run stubs', () => {
  it('prints the lines to paste before npm start, serves them, and stops on SIGTERM', async () => {
    const { child, output } = await startStubsProcess();

    const urls = Object.fromEntries(
      [...output().matchAll(/^export (\w+)=(http:\/\/127\.0\.0\.1:\d+)$/gm)].map(
        ([, name, url]) => [name, url],
      ),
    );
    const health = await fetch(`${urls.RUNTIME_URL}/health`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');

    expect(Object.keys(urls)).toEqual(['REGISTRY_URL', 'RUNTIME_URL', 'RECOMMENDER_URL']);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(await exited).toBe(0);
    expect(output()).toContain('runtime     GET /health → 200');
  });
});
