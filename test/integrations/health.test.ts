import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeService, refusingUrl, startFakeService } from '../support/fake-service';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';

let runtime: FakeService;
let fixture: StackFixture;

beforeAll(async () => {
  Object.assign(process.env, {
    INTEGRATION_TIMEOUT_MS: '500',
    RUNTIME_AUTH: 'bearer:runtime-token',
  });
  runtime = await startFakeService();
  fixture = await startStackFixture({
    runtimeUrl: runtime.url,
    recommenderUrl: await refusingUrl(),
  });
});

afterAll(async () => {
  await fixture?.stop();
  await runtime?.close();
});

describe('GET /health', () => {
  it('reports each dependency as simulated, configured or unreachable, and degraded overall', async () => {
    const answer = await fixture.api('/health');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'degraded',
      dependencies: { registry: 'simulated', runtime: 'configured', recommender: 'unreachable' },
    });
  });

  it('probes GET {base}/health without credentials, and at most once per cache period', async () => {
    await fixture.api('/health');
    await fixture.api('/health');

    expect(runtime.calls).toHaveLength(1);
    expect(runtime.calls[0]).toMatchObject({ method: 'GET', path: '/health' });
    expect(runtime.calls[0]?.headers.authorization).toBeUndefined();
  });
});
