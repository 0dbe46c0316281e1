import type { Catcher, Retrier } from './asl-schema';

/** Errors that end an execution no matter what Retry or Catch say. */
const UNCATCHABLE_ERRORS: readonly string[] = ['States.Runtime'];

/** Errors that `States.TaskFailed` does not cover. */
const TIMEOUT_ERRORS: readonly string[] = ['States.Timeout', 'States.HeartbeatTimeout'];

/** What to do about a failed task attempt. */
export type RetryDecision =
  | { kind: 'retry'; retrierIndex: number; delayMs: number }
  | { kind: 'catch'; catcher: Catcher }
  | { kind: 'fail' };

/**
 * Whether an `ErrorEquals` list covers an error. `States.ALL` covers every error but
 * `States.Runtime`; `States.TaskFailed` covers every error but the timeouts; `States.Timeout`
 * also covers a missed heartbeat, as in AWS.
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (UNCATCHABLE_ERRORS.includes(error)) {
    return false;
  }

  return errorEquals.some(
    (name) =>
      name === error ||
      name === 'States.ALL' ||
      (name === 'States.TaskFailed' && !TIMEOUT_ERRORS.includes(error)) ||
      (name === 'States.Timeout' && error === 'States.HeartbeatTimeout'),
  );
}

/**
 * Decides between retrying, catching and failing. The first retrier that matches decides
 * whether to retry; once its attempts are spent the error goes to Catch, as ASL specifies.
 */
export function decideAfterFailure(
  error: string,
  retriers: readonly Retrier[],
  retriesSoFar: readonly number[],
  catchers: readonly Catcher[],
  random: () => number = Math.random,
): RetryDecision {
  const retrierIndex = retriers.findIndex((retrier) => errorMatches(retrier.ErrorEquals, error));
  const retrier = retriers[retrierIndex];
  if (retrier !== undefined) {
    const done = retriesSoFar[retrierIndex] ?? 0;
    if (done < (retrier.MaxAttempts ?? 3)) {
      return { kind: 'retry', retrierIndex, delayMs: retryDelayMs(retrier, done, random) };
    }
  }

  const catcher = catchers.find((candidate) => errorMatches(candidate.ErrorEquals, error));
  return catcher === undefined ? { kind: 'fail' } : { kind: 'catch', catcher };
}

/**
 * The wait before retry number `retriesSoFar + 1`: IntervalSeconds × BackoffRate^retriesSoFar,
 * capped by MaxDelaySeconds; FULL jitter draws uniformly between zero and that value.
 */
export function retryDelayMs(
  retrier: Retrier,
  retriesSoFar: number,
  random: () => number = Math.random,
): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const backoff = retrier.BackoffRate ?? 2;
  const uncapped = interval * backoff ** retriesSoFar;
  const seconds = Math.min(uncapped, retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);

  const jittered = retrier.JitterStrategy === 'FULL' ? random() * seconds : seconds;
  return Math.round(jittered * 1000);
}
