import { describe, expect, it } from 'vitest';
import { decideAfterFailure, errorMatches, retryDelayMs } from '../../../local/sfn/retry-policy';

describe('errorMatches', () => {
  it('matches exact names and the wildcards as AWS defines them', () => {
    expect(errorMatches(['RuntimeUnavailable'], 'RuntimeUnavailable')).toBe(true);
    expect(errorMatches(['States.ALL'], 'Error')).toBe(true);
    expect(errorMatches(['States.TaskFailed'], 'RuntimeUnavailable')).toBe(true);
    expect(errorMatches(['States.TaskFailed'], 'States.Timeout')).toBe(false);
    expect(errorMatches(['States.Timeout'], 'States.HeartbeatTimeout')).toBe(true);
  });

  it('never matches States.Runtime, not even with States.ALL', () => {
    expect(errorMatches(['States.ALL'], 'States.Runtime')).toBe(false);
    expect(errorMatches(['States.Runtime'], 'States.Runtime')).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('grows by BackoffRate and stops at MaxDelaySeconds', () => {
    const retrier = { ErrorEquals: ['X'], IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 10 };

    expect([0, 1, 2].map((retries) => retryDelayMs(retrier, retries))).toEqual([2000, 6000, 10000]);
  });

  it('draws a FULL jitter between zero and the backoff delay', () => {
    const retrier = { ErrorEquals: ['X'], IntervalSeconds: 4, JitterStrategy: 'FULL' as const };

    expect(retryDelayMs(retrier, 1, () => 0.25)).toBe(2000);
  });
});

describe('decideAfterFailure', () => {
  const retriers = [{ ErrorEquals: ['RuntimeUnavailable'], MaxAttempts: 2, IntervalSeconds: 1 }];
  const catchers = [{ ErrorEquals: ['States.ALL'], Next: 'Record failure' }];

  it('retries while the first matching retrier has attempts left', () => {
    expect(decideAfterFailure('RuntimeUnavailable', retriers, [1], catchers)).toEqual({
      kind: 'retry',
      retrierIndex: 0,
      delayMs: 2000,
    });
  });

  it('goes to Catch once the attempts are spent, and fails without a Catch', () => {
    expect(decideAfterFailure('RuntimeUnavailable', retriers, [2], catchers)).toEqual({
      kind: 'catch',
      catcher: catchers[0],
    });
    expect(decideAfterFailure('RuntimeUnavailable', retriers, [2], [])).toEqual({ kind: 'fail' });
  });
});
