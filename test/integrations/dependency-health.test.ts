import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDependencies } from '../../functions/adapters/dependency-health';
import { logger } from '../../functions/adapters/service-logger';
import { type FakeService, startFakeService } from '../support/fake-service';
import { integrationTestConfig } from './integration-test-config';

let healthy: FakeService;
let failing: FakeService;
let slow: FakeService;

beforeAll(async () => {
  logger.setLogLevel('ERROR');
  healthy = await startFakeService();
  failing = await startFakeService(() => ({ status: 503, body: {} }));
  slow = await startFakeService(() => ({ status: 200, body: {}, delayMs: 3_000 }));
});

afterAll(async () => {
  await Promise.all([healthy.close(), failing.close(), slow.close()]);
});

describe('checkDependencies', () => {
  it('answers ok with simulated and catalog modes when nothing is configured', async () => {
    expect(await checkDependencies(integrationTestConfig())).toEqual({
      status: 'ok',
      dependencies: { registry: 'simulated', runtime: 'simulated', recommender: 'catalog' },
    });
  });

  it('answers ok when every configured dependency answers its probe', async () => {
    const config = integrationTestConfig({
      REGISTRY_URL: healthy.url,
      RUNTIME_URL: `${healthy.url}/agent/`,
      RECOMMENDER_URL: healthy.url,
    });

    const report = await checkDependencies(config);

    expect(report).toEqual({
      status: 'ok',
      dependencies: { registry: 'configured', runtime: 'configured', recommender: 'configured' },
    });
    expect(healthy.calls.map((call) => call.path).sort()).toEqual([
      '/agent/health',
      '/health',
      '/health',
    ]);
  });

  it('counts a 5xx or a probe slower than a second as unreachable', async () => {
    const config = integrationTestConfig({
      INTEGRATION_TIMEOUT_MS: '5000',
      REGISTRY_URL: failing.url,
      RUNTIME_URL: slow.url,
    });
    const startedAt = Date.now();

    const report = await checkDependencies(config);

    expect(report).toEqual({
      status: 'degraded',
      dependencies: { registry: 'unreachable', runtime: 'unreachable', recommender: 'catalog' },
    });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });
});
