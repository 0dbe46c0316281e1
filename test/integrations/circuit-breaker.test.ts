import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../functions/adapters/circuit-breaker';
import { IntegrationError } from '../../functions/adapters/json-http-client';

const outage = () => new IntegrationError('unreachable', 'registry is unreachable (ECONNREFUSED)');
const refusal = () =>
  new IntegrationError('http-status', 'registry answered HTTP 404', { status: 404 });

function breakerWithClock(failureThreshold = 3, coolDownMs = 1_000) {
  const clock = { now: 0 };
  const countsAsFailure = (error: unknown) =>
    error instanceof IntegrationError && error.reason === 'unreachable';
  const breaker = new CircuitBreaker(
    'registry',
    { failureThreshold, coolDownMs },
    countsAsFailure,
    () => clock.now,
  );
  return { breaker, clock };
}

async function fail(breaker: CircuitBreaker, error: Error = outage()): Promise<unknown> {
  return breaker.run(() => Promise.reject(error)).catch((caught: unknown) => caught);
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures and fails fast naming the last one', async () => {
    const { breaker } = breakerWithClock(3);
    for (let index = 0; index < 3; index += 1) await fail(breaker);
    let called = false;

    const error = await breaker
      .run(async () => {
        called = true;
      })
      .catch((caught: unknown) => caught);

    expect(called).toBe(false);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ reason: 'circuit-open' });
    expect((error as Error).message).toBe(
      'registry circuit is open after 3 consecutive failures ' +
        '(last: registry is unreachable (ECONNREFUSED)); next try in 1000 ms',
    );
  });

  it('stays closed when a success interrupts the failures', async () => {
    const { breaker } = breakerWithClock(3);

    await fail(breaker);
    await fail(breaker);
    await breaker.run(async () => 'ok');
    await fail(breaker);
    await fail(breaker);

    expect(breaker.state()).toBe('closed');
  });

  it('does not count answers that are not outages, such as a 404', async () => {
    const { breaker } = breakerWithClock(2);

    for (let index = 0; index < 5; index += 1) await fail(breaker, refusal());

    expect(breaker.state()).toBe('closed');
  });

  it('lets one probe through after the cool-down while other calls still fail fast', async () => {
    const { breaker, clock } = breakerWithClock(1, 1_000);
    await fail(breaker);
    clock.now = 1_000;
    let finishProbe: (value: string) => void = () => undefined;

    const probe = breaker.run(() => new Promise<string>((resolve) => (finishProbe = resolve)));
    const concurrent = await fail(breaker);
    finishProbe('ok');

    expect(await probe).toBe('ok');
    expect(concurrent).toMatchObject({ reason: 'circuit-open' });
    expect((concurrent as Error).message).toContain('a probe call is in flight');
    expect(breaker.state()).toBe('closed');
  });

  it('opens again at once when the half-open probe fails', async () => {
    const { breaker, clock } = breakerWithClock(2, 1_000);
    await fail(breaker);
    await fail(breaker);
    clock.now = 1_500;

    await fail(breaker);

    expect(breaker.state()).toBe('open');
    clock.now = 2_499;
    expect(breaker.state()).toBe('open');
    clock.now = 2_500;
    expect(breaker.state()).toBe('half-open');
  });
});
