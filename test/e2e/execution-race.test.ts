import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeRuntime, startFakeRuntime } from '../support/fake-runtime';
import { awaitingApproval, JUSTIFICATION, waitForStatus } from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';
import { succeededTasks } from '../support/workflow-inspection';

let runtime: FakeRuntime;
let fixture: StackFixture;
let engineer: string;
let admins: string[];

beforeAll(async () => {
  runtime = await startFakeRuntime();
  fixture = await startStackFixture({ runtimeUrl: runtime.url });
  engineer = await fixture.token('engineer-1');
  admins = await Promise.all(
    Array.from({ length: 50 }, (_, index) =>
      fixture.token(`admin-${index}`, 'org-a', ['org-admin']),
    ),
  );
});

afterAll(async () => {
  await fixture?.stop();
  await runtime?.close();
});

describe('concurrent decisions on one orchestration', () => {
  it('releases each wait once and runs the playbook once when 50 admins approve and execute', async () => {
    const id = await awaitingApproval(fixture, engineer);

    const approvals = await Promise.all(
      admins.map((token) =>
        fixture.api(`/orchestrations/${id}/approve`, { token, body: JUSTIFICATION }),
      ),
    );
    const executes = await Promise.all(
      admins.map((token) => fixture.api(`/orchestrations/${id}/execute`, { token, body: {} })),
    );
    await waitForStatus(fixture, id, engineer, 'SUCCEEDED');

    expect(approvals.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(approvals.filter((answer) => answer.status === 409)).toHaveLength(49);
    expect(executes.filter((answer) => answer.status === 202)).toHaveLength(1);
    expect(executes.filter((answer) => answer.status === 409)).toHaveLength(49);
    expect(runtime.calls.filter((call) => call.idempotencyKey === id)).toHaveLength(1);
    // Both waits completed exactly once, then the playbook task.
    expect(await succeededTasks(fixture.stack.endpoints, id)).toBe(3);
  });

  it('records the runtime answer in the view and the audit', async () => {
    const id = await awaitingApproval(fixture, engineer);
    await fixture.api(`/orchestrations/${id}/approve`, {
      token: admins.at(1),
      body: JUSTIFICATION,
    });
    await fixture.api(`/orchestrations/${id}/execute`, { token: admins.at(1), body: {} });
    await waitForStatus(fixture, id, engineer, 'SUCCEEDED');

    const view = await fixture.api(`/orchestrations/${id}`, { token: engineer });

    expect(view.body.execution).toMatchObject({
      outcome: 'succeeded',
      source: 'runtime',
      runtimeExecutionId: `run-${id}`,
      requestedBy: 'admin-1',
    });
  });
});
