/** How often and how patiently a safe call is retried. */
export interface RetryPolicy {
  /** Calls in all, the first included. */
  maxAttempts: number;
  /** Ceiling of the first delay; it doubles per retry up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What a retried operation needs besides the policy. */
export interface RetryOptions {
  /** Whether this failure may pass on a later attempt. */
  retryable(error: unknown): boolean;
  /** Epoch ms after which no retry starts: a deadline bounds the whole series. */
  deadline?: number;
  onRetry?(details: { attempt: number; delayMs: number; error: unknown }): void;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Exponential backoff with full jitter: a uniform delay between 0 and the capped exponential
 * ceiling, so clients that failed together do not retry together.
 */
export function retryDelayMs(retry: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** Runs `operation` (given its 1-based attempt number) until it succeeds or may not retry. */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  options: RetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? delay;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      const delayMs = retryDelayMs(attempt, policy, options.random);
      if (!mayRetry(error, attempt, delayMs, policy, options)) throw error;

      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

function mayRetry(
  error: unknown,
  attempt: number,
  delayMs: number,
  policy: RetryPolicy,
  options: RetryOptions,
): boolean {
  if (attempt >= policy.maxAttempts || !options.retryable(error)) return false;

  return options.deadline === undefined || Date.now() + delayMs < options.deadline;
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
