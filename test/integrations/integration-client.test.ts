import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientSettings, IntegrationClient } from '../../functions/adapters/integration-client';
import { IntegrationError } from '../../functions/adapters/json-http-client';
import { logger } from '../../functions/adapters/service-logger';
import { type FakeService, refusingUrl, startFakeService } from '../support/fake-service';
import { integrationTestConfig } from './integration-test-config';

const TOKEN = 'tok-3f9a1c-never-logged';
let fake: FakeService | undefined;

beforeAll(() => logger.setLogLevel('ERROR'));

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function clientFor(url: string, overrides: Record<string, string> = {}): IntegrationClient {
  const config = integrationTestConfig({ REGISTRY_AUTH: `bearer:${TOKEN}`, ...overrides });
  return new IntegrationClient(clientSettings('registry', url, config));
}

async function failureOf(call: Promise<unknown>): Promise<IntegrationError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof IntegrationError)) throw new Error(`Expected an IntegrationError`);
  return error;
}

describe('IntegrationClient', () => {
  it('retries a GET answered 503 twice and returns the third answer', async () => {
    fake = await startFakeService((_call, index) =>
      index < 2 ? { status: 503, body: {} } : { status: 200, body: { id: 'scale-out' } },
    );

    const answer = await clientFor(fake.url).get('playbooks/scale-out', { retry: true });

    expect(answer).toEqual({ id: 'scale-out' });
    expect(fake.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'GET /playbooks/scale-out',
      'GET /playbooks/scale-out',
      'GET /playbooks/scale-out',
    ]);
  });

  it('gives up after the configured attempts when every answer is a 500', async () => {
    fake = await startFakeService(() => ({ status: 500, body: {} }));

    const error = await failureOf(clientFor(fake.url).get('playbooks/x', { retry: true }));

    expect(error).toMatchObject({ reason: 'http-status', status: 500 });
    expect(error.message).toBe('registry answered HTTP 500');
    expect(fake.calls).toHaveLength(3);
  });

  it('times out an answer slower than the configured timeout', async () => {
    fake = await startFakeService(() => ({ status: 200, body: {}, delayMs: 2_000 }));
    const startedAt = Date.now();

    const error = await failureOf(
      clientFor(fake.url, { INTEGRATION_MAX_ATTEMPTS: '1' }).get('health', { retry: true }),
    );

    expect(error).toMatchObject({ reason: 'timeout' });
    expect(error.message).toBe('registry did not answer within 300 ms');
    expect(Date.now() - startedAt).toBeLessThan(1_500);
  });

  it('refuses malformed JSON at once, without retrying', async () => {
    fake = await startFakeService(() => ({ status: 200, raw: '{"valid": tru' }));

    const error = await failureOf(clientFor(fake.url).post('x', {}, { retry: true }));

    expect(error).toMatchObject({ reason: 'malformed-response' });
    expect(error.message).toBe('registry answered with malformed JSON');
    expect(fake.calls).toHaveLength(1);
  });

  it('reports a refused connection as unreachable, with its code', async () => {
    const url = await refusingUrl();

    const error = await failureOf(clientFor(url).get('health', { retry: true }));

    expect(error).toMatchObject({ reason: 'unreachable' });
    expect(error.message).toBe('registry is unreachable (ECONNREFUSED)');
  });

  it('does not retry a call that is not declared safe to repeat', async () => {
    fake = await startFakeService(() => ({ status: 503, body: {} }));

    await failureOf(clientFor(fake.url).post('playbooks/x/dry-run', {}, { retry: false }));

    expect(fake.calls).toHaveLength(1);
  });

  it('neither retries nor counts towards the circuit a 404', async () => {
    fake = await startFakeService(() => ({ status: 404, body: {} }));
    const client = clientFor(fake.url, { INTEGRATION_BREAKER_THRESHOLD: '2' });

    for (let index = 0; index < 4; index += 1) {
      await failureOf(client.get('playbooks/missing', { retry: true }));
    }

    expect(fake.calls).toHaveLength(4);
    expect(client.breaker.state()).toBe('closed');
  });

  it('opens the circuit after consecutive failures, then fails fast without calling', async () => {
    fake = await startFakeService(() => ({ status: 503, body: {} }));
    const client = clientFor(fake.url, { INTEGRATION_BREAKER_THRESHOLD: '2' });

    const first = await failureOf(client.get('health', { retry: true }));
    const second = await failureOf(client.get('health', { retry: true }));

    expect(first).toMatchObject({ reason: 'circuit-open' });
    expect(first.message).toMatch(
      /^registry circuit is open after 2 consecutive failures \(last: registry answered HTTP 503\)/,
    );
    expect(second).toMatchObject({ reason: 'circuit-open' });
    expect(fake.calls).toHaveLength(2);
  });

  it('sends the configured credential and keeps it out of every error', async () => {
    fake = await startFakeService(() => ({ status: 500, body: {} }));

    const error = await failureOf(clientFor(fake.url).get('health', { retry: false }));

    expect(fake.calls[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(`${error.message} ${JSON.stringify(error)} ${String(error.cause)}`).not.toContain(TOKEN);
  });

  it('sends an API key in the header it names', async () => {
    fake = await startFakeService();
    const client = clientFor(fake.url, { REGISTRY_AUTH: 'api-key:X-Api-Key:k-123' });

    await client.get('health', { retry: false });

    expect(fake.calls[0]?.headers['x-api-key']).toBe('k-123');
    expect(fake.calls[0]?.headers.authorization).toBeUndefined();
  });
});
