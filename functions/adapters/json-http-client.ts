import type * as z from 'zod/mini';

/** Why a call to a dependency failed. */
export type IntegrationFailureReason =
  | 'timeout'
  | 'unreachable'
  | 'http-status'
  | 'malformed-response'
  | 'circuit-open'
  | 'credential-unavailable';

/** Why a call to a dependency failed, in words an operator can act on (never a credential). */
export class IntegrationError extends Error {
  readonly reason: IntegrationFailureReason;
  readonly status?: number;

  constructor(
    reason: IntegrationFailureReason,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options);
    this.name = 'IntegrationError';
    this.reason = reason;
    this.status = options?.status;
  }
}

/** One JSON call to a dependency; `dependency` names it in error messages. */
export interface JsonRequest {
  dependency: string;
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
}

/** Whether a failure may pass if the same call is made again: no answer, 5xx or 429. */
export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof IntegrationError)) return false;
  if (error.reason === 'timeout' || error.reason === 'unreachable') return true;

  const status = error.status ?? 0;
  return error.reason === 'http-status' && (status >= 500 || status === 429);
}

/** Sends JSON, returns the parsed JSON answer; every failure is an IntegrationError. */
export async function requestJson(request: JsonRequest): Promise<unknown> {
  const hasBody = request.body !== undefined;
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(hasBody && { 'content-type': 'application/json' }),
        ...request.headers,
      },
      body: hasBody ? JSON.stringify(request.body) : undefined,
      signal: AbortSignal.timeout(request.timeoutMs),
      // A redirect could carry the credential headers to another host.
      redirect: 'error',
    });
  } catch (error) {
    throw transportError(request, error);
  }

  return readJson(request, response);
}

/** Parses a JSON answer against its contract; a mismatch is a malformed response. */
export function parseAnswer<T>(schema: z.ZodMiniType<T>, answer: unknown, dependency: string): T {
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the body';
  const message = `${dependency} answered outside its contract (${where}: ${issue?.message})`;
  throw new IntegrationError('malformed-response', message, { cause: parsed.error });
}

async function readJson(request: JsonRequest, response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw transportError(request, error);
  }
  if (!response.ok) {
    const message = `${request.dependency} answered HTTP ${response.status}`;
    throw new IntegrationError('http-status', message, { status: response.status });
  }

  try {
    return JSON.parse(text);
  } catch (error) {
    const message = `${request.dependency} answered with malformed JSON`;
    throw new IntegrationError('malformed-response', message, { cause: error });
  }
}

function transportError(request: JsonRequest, error: unknown): IntegrationError {
  const { dependency, timeoutMs } = request;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    const message = `${dependency} did not answer within ${timeoutMs} ms`;
    return new IntegrationError('timeout', message, { cause: error });
  }

  const code = errorCode(error);
  const message = `${dependency} is unreachable${code ? ` (${code})` : ''}`;
  return new IntegrationError('unreachable', message, { cause: error });
}

function errorCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause instanceof Error && 'code' in cause ? cause.code : undefined;
  return typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : undefined;
}
