import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/local-stack';

/** A local stack in a temporary data directory, and an HTTP client for its API. */
export interface StackFixture {
  stack: LocalStack;
  dataDir: string;
  api(path: string, init?: ApiCall): Promise<ApiAnswer>;
  token(sub: string, org?: string, roles?: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** One call to the API. */
export interface ApiCall {
  method?: string;
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** The answer of one API call with its parsed body. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  text: string;
}

/**
 * Starts the whole offline stack on free ports, exactly as `npm start` does. Handlers read
 * their configuration once per process, so a test file starts one configuration only.
 */
export async function startStackFixture(
  options: Partial<LocalStackOptions> = {},
): Promise<StackFixture> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'orchestrator-stack-'));
  const stack = await startLocalStack({ logLevel: 'ERROR', ...options, dataDir });

  return {
    stack,
    dataDir,
    api: (path, init = {}) => callApi(stack.endpoints.api, path, init),
    token: (sub, org = 'org-a', roles = []) => stack.devKeys.signToken({ sub, org, roles }),
    stop: async () => {
      await stack.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function callApi(base: string, path: string, init: ApiCall): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const hasBody = init.body !== undefined || init.rawBody !== undefined;
  if (hasBody && !headers['content-type']) headers['content-type'] = 'application/json';

  const response = await fetch(`${base}${path}`, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseJson(text), text };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Polls until `read` returns a value accepted by `done`, or fails after `timeoutMs`. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
