/** Why a call to a dependency failed, in words an operator can act on. */
export class IntegrationError extends Error {
  readonly reason: 'timeout' | 'unreachable' | 'http-status' | 'malformed-response';
  readonly status?: number;

  constructor(
    reason: IntegrationError['reason'],
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options);
    this.name = 'IntegrationError';
    this.reason = reason;
    this.status = options?.status;
  }
}

/** How to call one dependency. */
export interface JsonCallOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
}

/** POSTs JSON and returns the parsed JSON answer; every failure is an IntegrationError. */
export async function postJson(url: string, body: unknown, options: JsonCallOptions) {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw transportError(url, options.timeoutMs, error);
  }

  return readJson(url, response);
}

async function readJson(url: string, response: Response): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) {
    const message = `${new URL(url).host} answered HTTP ${response.status}`;
    throw new IntegrationError('http-status', message, { status: response.status });
  }

  try {
    return JSON.parse(text);
  } catch (error) {
    const message = `${new URL(url).host} answered with malformed JSON`;
    throw new IntegrationError('malformed-response', message, { cause: error });
  }
}

function transportError(url: string, timeoutMs: number, error: unknown): IntegrationError {
  const host = new URL(url).host;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new IntegrationError('timeout', `${host} did not answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  return new IntegrationError('unreachable', `${host} is unreachable`, { cause: error });
}
