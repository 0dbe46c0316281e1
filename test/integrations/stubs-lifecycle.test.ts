import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StubServices, startStubServices } from '../../local/stubs/stub-services';
import { CHECKOUT_INCIDENT } from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';
import { executeToEnd } from './execution-steps';

const RUNTIME_AUTH = 'bearer:stub-runtime-token';
let stubs: StubServices;
let fixture: StackFixture;
let tokens: { engineer: string; admin: string };

beforeAll(async () => {
  Object.assign(process.env, { RUNTIME_AUTH, RUNTIME_POLL_INTERVAL_MS: '100' });
  stubs = await startStubServices({
    registryPort: 0,
    runtimePort: 0,
    recommenderPort: 0,
    runtimeRunMs: 300,
    auth: { runtime: RUNTIME_AUTH },
  });
  fixture = await startStackFixture({
    registryUrl: stubs.registry.url,
    runtimeUrl: stubs.runtime.url,
    recommenderUrl: stubs.recommender.url,
  });
  tokens = {
    engineer: await fixture.token('engineer-1'),
    admin: await fixture.token('admin-1', 'org-a', ['org-admin']),
  };
});

afterAll(async () => {
  await fixture?.stop();
  await stubs?.close();
});

describe('the offline stack wired to the stubs of npm run stubs', () => {
  it('reports every dependency as configured', async () => {
    const answer = await fixture.api('/health');

    expect(answer.body).toEqual({
      status: 'ok',
      dependencies: { registry: 'configured', runtime: 'configured', recommender: 'configured' },
    });
  });

  it('suggests through the recommender, enriched from the registry', async () => {
    const answer = await fixture.api('/orchestrate', {
      token: tokens.engineer,
      body: { incident: CHECKOUT_INCIDENT },
    });

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      source: 'recommender',
      recommendations: [{ playbookId: 'rollback-deployment', name: 'Roll back deployment' }],
    });
  });

  it('runs the integrated path to SUCCEEDED: registry dry-run, then the runtime agent', async () => {
    const { id, status, execution } = await executeToEnd(fixture, tokens);

    const view = await fixture.api(`/orchestrations/${id}`, { token: tokens.engineer });
    expect(view.body.dryRun).toMatchObject({ valid: true, source: 'registry' });
    expect(status).toBe('SUCCEEDED');
    expect(execution).toMatchObject({
      source: 'runtime',
      message: 'Stub ran 5 steps; nothing was changed',
      attempts: 1,
      runtimeExecutionId: expect.any(String),
    });
  });

  it('refuses a runtime call without the credential it was started with', async () => {
    const answer = await fetch(`${stubs.runtime.url}/executions`, { method: 'POST', body: '{}' });

    expect(answer.status).toBe(401);
  });
});
