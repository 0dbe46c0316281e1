import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitingApproval, JUSTIFICATION, waitForStatus } from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture, waitFor } from '../support/local-stack-fixture';

let fixture: StackFixture;
let engineer: string;
let adminToken: string;

beforeAll(async () => {
  // Windows of a few seconds, set through configuration as an operator would.
  fixture = await startStackFixture({ approvalWindowSeconds: 2, executionWindowSeconds: 2 });
  engineer = await fixture.token('engineer-1');
  adminToken = await fixture.token('admin-1', 'org-a', ['org-admin']);
});

afterAll(async () => {
  await fixture?.stop();
});

describe('approval and execution windows', () => {
  it('expires an unapproved orchestration through the state machine timeout', async () => {
    const id = await awaitingApproval(fixture, engineer);

    await waitForStatus(fixture, id, engineer, 'EXPIRED');

    const approve = await fixture.api(`/orchestrations/${id}/approve`, {
      token: adminToken,
      body: JUSTIFICATION,
    });
    const execute = await fixture.api(`/orchestrations/${id}/execute`, {
      token: adminToken,
      body: {},
    });
    expect(approve.status).toBe(409);
    expect(execute.status).toBe(409);
    const audit = await fixture.api(`/orchestrations/${id}/audit`, { token: engineer });
    const last = (audit.body.events as Array<{ type: string; data: unknown }>).at(-1);
    expect(last).toMatchObject({ type: 'EXPIRED', data: { stage: 'approval' } });
    expect(audit.body.verification).toMatchObject({ valid: true });
  });

  it('expires an approved orchestration nobody executed', async () => {
    const id = await awaitingApproval(fixture, engineer);
    const approve = await fixture.api(`/orchestrations/${id}/approve`, {
      token: adminToken,
      body: JUSTIFICATION,
    });
    expect(approve.status).toBe(200);

    await waitForStatus(fixture, id, engineer, 'EXPIRED');

    const execute = await fixture.api(`/orchestrations/${id}/execute`, {
      token: adminToken,
      body: {},
    });
    expect(execute.status).toBe(409);
    const view = await fixture.api(`/orchestrations/${id}`, { token: engineer });
    expect(view.body.expiry).toMatchObject({ stage: 'execution' });
  });
});

describe('an approval racing the window', () => {
  it('ends approved-and-run or expired, never approved and stranded', async () => {
    const offsetsMs = [-150, -40, 0, 40, 150];

    const outcomes = await Promise.all(
      offsetsMs.map(async (offsetMs) => {
        const id = await awaitingApproval(fixture, engineer);
        const view = await fixture.api(`/orchestrations/${id}`, { token: engineer });
        const deadline = Date.parse(String(view.body.approvalDeadline));
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, deadline + offsetMs - Date.now())),
        );

        const approve = await fixture.api(`/orchestrations/${id}/approve`, {
          token: adminToken,
          body: JUSTIFICATION,
        });
        if (approve.status === 200) {
          await fixture.api(`/orchestrations/${id}/execute`, { token: adminToken, body: {} });
        }
        const final = await waitFor(
          () => fixture.api(`/orchestrations/${id}`, { token: engineer }),
          (answer) => ['SUCCEEDED', 'EXPIRED'].includes(String(answer.body.status)),
        );
        return { approved: approve.status === 200, status: final.body.status };
      }),
    );

    for (const outcome of outcomes) {
      expect(outcome.status).toBe(outcome.approved ? 'SUCCEEDED' : 'EXPIRED');
    }
  });
});
