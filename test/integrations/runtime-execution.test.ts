import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeRuntime,
  type RuntimeCall,
  type RuntimeReply,
  startFakeRuntime,
} from '../support/fake-runtime';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';
import { executeToEnd } from './execution-steps';

const RUN_TIMEOUT_SECONDS = 3;
let runtime: FakeRuntime;
let fixture: StackFixture;
let tokens: { engineer: string; admin: string };

beforeAll(async () => {
  Object.assign(process.env, {
    INTEGRATION_TIMEOUT_MS: '500',
    INTEGRATION_MAX_ATTEMPTS: '3',
    RUNTIME_POLL_INTERVAL_MS: '100',
  });
  runtime = await startFakeRuntime();
  fixture = await startStackFixture({
    runtimeUrl: runtime.url,
    runPlaybookTimeoutSeconds: RUN_TIMEOUT_SECONDS,
  });
  tokens = {
    engineer: await fixture.token('engineer-1'),
    admin: await fixture.token('admin-1', 'org-a', ['org-admin']),
  };
});

afterAll(async () => {
  await fixture?.stop();
  await runtime?.close();
});

type Status = 'succeeded' | 'failed' | 'running';

/**
 * Plays a well-behaved runtime agent: one execution per idempotency key, whose status is
 * `statusAt(n)` on the n-th time it is read (0 for the creation).
 */
function runtimeAgent(statusAt: (read: number) => { status: Status; message?: string }) {
  const byKey = new Map<string, string>();
  const reads = new Map<string, number>();

  return (call: RuntimeCall): RuntimeReply => {
    const key = call.idempotencyKey ?? '';
    const executionId =
      call.method === 'POST'
        ? (byKey.get(key) ?? randomUUID())
        : (call.path.split('/').at(-1) ?? '');
    if (call.method === 'POST') byKey.set(key, executionId);

    const read = reads.get(executionId) ?? 0;
    reads.set(executionId, read + 1);
    return { status: call.method === 'POST' ? 202 : 200, body: { executionId, ...statusAt(read) } };
  };
}

function creationCalls(id: string): RuntimeCall[] {
  return runtime.calls.filter((call) => call.method === 'POST' && call.idempotencyKey === id);
}

describe('RunPlaybook with a configured runtime agent', () => {
  it('succeeds with one execution when the runtime answers 503 twice, then accepts', async () => {
    const agent = runtimeAgent(() => ({ status: 'succeeded', message: 'rolled back' }));
    const seen = new Map<string, number>();
    runtime.reply = (call) => {
      const count = (seen.get(call.idempotencyKey ?? '') ?? 0) + 1;
      seen.set(call.idempotencyKey ?? '', count);
      return count <= 2 ? { status: 503, body: {} } : agent(call);
    };

    const { id, status, execution, audited } = await executeToEnd(fixture, tokens);

    expect(status).toBe('SUCCEEDED');
    expect(runtime.creations(id)).toBe(1);
    expect(creationCalls(id)).toHaveLength(3);
    expect(creationCalls(id)[0]?.body).toEqual({
      playbookId: 'rollback-deployment',
      version: '2.1.0',
      parameters: { targetVersion: 'previous', trafficShiftPercent: 100, verifyMinutes: 10 },
    });
    expect(execution).toMatchObject({
      outcome: 'succeeded',
      source: 'runtime',
      message: 'rolled back',
      attempts: 3,
      durationMs: expect.any(Number),
      requestedBy: 'admin-1',
    });
    expect(audited).toMatchObject({
      type: 'EXECUTION_SUCCEEDED',
      data: {
        source: 'runtime',
        attempts: 3,
        durationMs: execution.durationMs,
        runtimeExecutionId: execution.runtimeExecutionId,
      },
    });
  });

  it('polls a running execution until the runtime reports its outcome', async () => {
    runtime.reply = runtimeAgent((read) =>
      read < 3 ? { status: 'running' } : { status: 'succeeded', message: 'all batches healthy' },
    );

    const { id, status, execution } = await executeToEnd(fixture, tokens);

    const executionId = String(execution.runtimeExecutionId);
    const reads = runtime.calls.filter(
      (call) => call.method === 'GET' && call.path === `/executions/${executionId}`,
    );
    expect(status).toBe('SUCCEEDED');
    expect(reads).toHaveLength(3);
    expect(creationCalls(id)).toHaveLength(1);
    expect(execution).toMatchObject({ message: 'all batches healthy', attempts: 1 });
  });

  it('records FAILED with the runtime message when the runtime reports a failure', async () => {
    runtime.reply = runtimeAgent(() => ({
      status: 'failed',
      message: 'step 2: release previous is gone',
    }));

    const { status, execution, audited } = await executeToEnd(fixture, tokens);

    expect(status).toBe('FAILED');
    expect(execution).toMatchObject({
      outcome: 'failed',
      message: 'step 2: release previous is gone',
      attempts: 1,
    });
    expect(audited).toMatchObject({
      type: 'EXECUTION_FAILED',
      data: { message: 'step 2: release previous is gone' },
    });
  });

  it('records FAILED without a retry when the runtime refuses the run', async () => {
    runtime.reply = () => ({ status: 400, body: { title: 'Unknown parameter' } });

    const { id, status, execution, audited } = await executeToEnd(fixture, tokens);

    expect(status).toBe('FAILED');
    expect(creationCalls(id)).toHaveLength(1);
    expect(execution).toMatchObject({
      message: 'RuntimeRejected: runtime answered HTTP 400',
      attempts: 1,
    });
    expect(audited.type).toBe('EXECUTION_FAILED');
  });

  it('records FAILED (timed out) when the runtime is slower than the run timeout', async () => {
    runtime.reply = runtimeAgent(() => ({ status: 'running' }));

    const { status, execution, audited } = await executeToEnd(fixture, tokens);

    expect(status).toBe('FAILED');
    expect(execution.message).toBe(
      `Timed out: runtime execution ${execution.runtimeExecutionId} was still running when ` +
        `the run's ${RUN_TIMEOUT_SECONDS} s budget ran out`,
    );
    // How long it took is a benchmark's business; the test pins that it was measured.
    expect(execution.durationMs).toBeGreaterThan(0);
    expect(audited).toMatchObject({
      type: 'EXECUTION_FAILED',
      data: { message: execution.message },
    });
  });
});
