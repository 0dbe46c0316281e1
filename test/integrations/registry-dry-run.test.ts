import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryRoute } from '../../local/stubs/registry-stub';
import { type FakeService, type ServiceReply, startFakeService } from '../support/fake-service';
import { suggestOrchestration } from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';

const PASSED = { name: 'version-published', passed: true, detail: 'rollback-deployment@2.1.0' };
const REFUSED = { name: 'target-exists', passed: false, detail: 'release previous is gone' };
let registry: FakeService;
let fixture: StackFixture;
let engineer: string;

beforeAll(async () => {
  // Many failures in a row are on purpose here; the circuit breaker is tested elsewhere.
  Object.assign(process.env, {
    INTEGRATION_TIMEOUT_MS: '300',
    INTEGRATION_MAX_ATTEMPTS: '3',
    INTEGRATION_BREAKER_THRESHOLD: '100',
  });
  registry = await startFakeService();
  fixture = await startStackFixture({ registryUrl: registry.url });
  engineer = await fixture.token('engineer-1');
});

afterAll(async () => {
  await fixture?.stop();
  await registry?.close();
});

/**
 * Suggests, then dry-runs the top recommendation while the registry answers dry-runs with
 * `reply` (given the dry-run's attempt, from 0) and describes playbooks from the catalog.
 */
async function dryRunWith(reply: (attempt: number) => ServiceReply) {
  const id = await suggestOrchestration(fixture, engineer);
  const first = registry.calls.length;
  let attempt = 0;
  registry.reply = (call) => {
    if (call.method === 'GET') return registryRoute(call);
    attempt += 1;
    return reply(attempt - 1);
  };

  const answer = await fixture.api(`/orchestrations/${id}/dry-run`, { token: engineer, body: {} });
  const calls = registry.calls.slice(first).filter((call) => call.method === 'POST');
  return { id, answer, calls };
}

describe('POST /orchestrations/{id}/dry-run with a configured registry', () => {
  it('passes when the registry says valid, asking it for the chosen version', async () => {
    const { answer, calls } = await dryRunWith(() => ({
      status: 200,
      body: { valid: true, checks: [PASSED] },
    }));

    expect(answer.body).toEqual({
      status: 'AWAITING_APPROVAL',
      dryRun: { valid: true, checks: [PASSED], source: 'registry' },
    });
    expect(calls).toMatchObject([
      {
        method: 'POST',
        path: '/playbooks/rollback-deployment/dry-run',
        body: { version: '2.1.0', parameters: {} },
      },
    ]);
  });

  it('records DRY_RUN_FAILED with the registry checks when it says invalid', async () => {
    const { answer } = await dryRunWith(() => ({
      status: 200,
      body: { valid: false, checks: [PASSED, REFUSED] },
    }));

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'DRY_RUN_FAILED',
      dryRun: { valid: false, checks: [PASSED, REFUSED], source: 'registry' },
    });
  });

  it('fails closed when the registry claims valid with a failed check', async () => {
    const { answer } = await dryRunWith(() => ({
      status: 200,
      body: { valid: true, checks: [REFUSED] },
    }));

    expect(answer.body).toMatchObject({
      status: 'DRY_RUN_FAILED',
      dryRun: {
        valid: false,
        source: 'registry',
        checks: [{ name: 'registry-answer-valid', passed: false }],
      },
    });
  });

  it('retries a registry answering 503 and then fails closed naming the status', async () => {
    const { answer, calls } = await dryRunWith(() => ({ status: 503, body: {} }));

    expect(calls).toHaveLength(3);
    expect(answer.body).toEqual({
      status: 'DRY_RUN_FAILED',
      dryRun: {
        valid: false,
        source: 'registry',
        checks: [
          {
            name: 'registry-reachable',
            passed: false,
            detail: 'registry answered HTTP 503; the dry-run fails closed',
          },
        ],
      },
    });
  });

  it('recovers when the registry answers 503 twice and then a verdict', async () => {
    const { answer, calls } = await dryRunWith((index) =>
      index < 2
        ? { status: 503, body: {} }
        : { status: 200, body: { valid: true, checks: [PASSED] } },
    );

    expect(calls).toHaveLength(3);
    expect(answer.body).toMatchObject({ status: 'AWAITING_APPROVAL', dryRun: { valid: true } });
  });

  it('fails closed when the registry times out', async () => {
    const { answer } = await dryRunWith(() => ({ status: 200, body: {}, delayMs: 2_000 }));

    expect(answer.body).toMatchObject({
      status: 'DRY_RUN_FAILED',
      dryRun: {
        checks: [
          {
            name: 'registry-reachable',
            detail: 'registry did not answer within 300 ms; the dry-run fails closed',
          },
        ],
      },
    });
  });

  it('fails the playbook-known check when the registry does not know the playbook', async () => {
    const { answer } = await dryRunWith(() => ({ status: 404, body: {} }));

    expect(answer.body).toMatchObject({
      status: 'DRY_RUN_FAILED',
      dryRun: { checks: [{ name: 'playbook-known', passed: false }] },
    });
  });

  it('fails closed when the registry drops the connection', async () => {
    const { answer } = await dryRunWith(() => ({ reset: true }));

    expect(answer.body).toMatchObject({
      status: 'DRY_RUN_FAILED',
      dryRun: { valid: false, checks: [{ name: 'registry-reachable', passed: false }] },
    });
  });

  it('fails closed, never as a simulated pass, when nothing listens at the registry', async () => {
    const id = await suggestOrchestration(fixture, engineer);
    await registry.down();

    const answer = await fixture.api(`/orchestrations/${id}/dry-run`, {
      token: engineer,
      body: {},
    });
    await registry.up();

    expect(answer.body).toEqual({
      status: 'DRY_RUN_FAILED',
      dryRun: {
        valid: false,
        source: 'registry',
        checks: [
          {
            name: 'registry-reachable',
            passed: false,
            detail: expect.stringContaining('registry is unreachable (ECONNREFUSED)'),
          },
        ],
      },
    });
    const audit = await fixture.api(`/orchestrations/${id}/audit`, { token: engineer });
    const recorded = (audit.body.events as { type: string; data: unknown }[]).at(-1);
    expect(recorded).toMatchObject({ type: 'DRY_RUN_FAILED' });
    expect(JSON.stringify(recorded?.data)).toContain('registry is unreachable (ECONNREFUSED)');
  });
});
