import { describe, expect, it } from 'vitest';
import { retryDelayMs, withRetries } from '../../functions/adapters/retry-policy';

const POLICY = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 };
const noSleep = async () => undefined;

describe('retryDelayMs', () => {
  it('draws a full-jitter delay below the doubling ceiling, capped', () => {
    const ceilings = [1, 2, 3, 4].map((retry) => retryDelayMs(retry, POLICY, () => 0.999_999));
    const floors = [1, 2, 3, 4].map((retry) => retryDelayMs(retry, POLICY, () => 0));

    expect(ceilings).toEqual([99, 199, 299, 299]);
    expect(floors).toEqual([0, 0, 0, 0]);
  });
});

describe('withRetries', () => {
  it('retries a retryable failure until the operation succeeds', async () => {
    const seen: number[] = [];

    const result = await withRetries(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw new Error('busy');
        return 'done';
      },
      POLICY,
      { retryable: () => true, sleep: noSleep },
    );

    expect(result).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('stops after maxAttempts and rethrows the last failure', async () => {
    let calls = 0;
    const operation = async () => {
      calls += 1;
      throw new Error(`failure ${calls}`);
    };

    await expect(
      withRetries(operation, POLICY, { retryable: () => true, sleep: noSleep }),
    ).rejects.toThrow('failure 4');
    expect(calls).toBe(4);
  });

  it('never retries a failure that is not retryable', async () => {
    let calls = 0;
    const operation = async () => {
      calls += 1;
      throw new Error('refused');
    };

    await expect(
      withRetries(operation, POLICY, { retryable: () => false, sleep: noSleep }),
    ).rejects.toThrow('refused');
    expect(calls).toBe(1);
  });

  it('starts no retry that would end after the deadline', async () => {
    let calls = 0;
    const operation = async () => {
      calls += 1;
      throw new Error('busy');
    };
    const options = { retryable: () => true, sleep: noSleep, random: () => 0.5 };

    await expect(
      withRetries(operation, POLICY, { ...options, deadline: Date.now() + 10 }),
    ).rejects.toThrow('busy');
    expect(calls).toBe(1);
  });
});
