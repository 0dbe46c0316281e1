import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awaitingApproval,
  JUSTIFICATION,
  statusOf,
  suggestOrchestration,
  waitForStatus,
} from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture, waitFor } from '../support/local-stack-fixture';
import { executionStatus, succeededTasks } from '../support/workflow-inspection';

let fixture: StackFixture;
let engineer: string;
let admins: string[];

const ROTATE = { playbookId: 'rotate-credential', parameters: { secretId: 'prod/checkout/db' } };

beforeAll(async () => {
  fixture = await startStackFixture();
  engineer = await fixture.token('engineer-1');
  admins = await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      fixture.token(`admin-${index}`, 'org-a', ['org-admin']),
    ),
  );
});

afterAll(async () => {
  await fixture?.stop();
});

function admin(index: number): string {
  return admins.at(index) ?? '';
}

async function highRiskAwaitingApproval(): Promise<string> {
  const id = await suggestOrchestration(fixture, engineer);
  const dryRun = await fixture.api(`/orchestrations/${id}/dry-run`, {
    token: engineer,
    body: ROTATE,
  });
  expect(dryRun.body).toMatchObject({ status: 'AWAITING_APPROVAL' });
  return id;
}

function approve(id: string, token: string, justification = JUSTIFICATION.justification) {
  return fixture.api(`/orchestrations/${id}/approve`, { token, body: { justification } });
}

describe('multi-approver policy', () => {
  it('needs two distinct admins for a high-risk playbook', async () => {
    const id = await highRiskAwaitingApproval();

    const first = await approve(id, admin(0), 'First admin checked the blast radius');
    const again = await approve(id, admin(0), 'First admin checked the blast radius');
    const second = await approve(id, admin(1), 'Second admin agrees with the rotation');

    expect(first.body).toMatchObject({ status: 'AWAITING_APPROVAL', requiredApprovals: 2 });
    expect(first.body.approvals).toHaveLength(1);
    expect(again.status).toBe(409);
    expect(second.body).toMatchObject({ status: 'APPROVED' });
    const audit = await fixture.api(`/orchestrations/${id}/audit`, { token: engineer });
    const approvals = (audit.body.events as Array<{ type: string; data: Record<string, unknown> }>)
      .filter((event) => event.type === 'APPROVAL_RECORDED')
      .map((event) => [event.data.approver, event.data.justification]);
    expect(approvals).toEqual([
      ['admin-0', 'First admin checked the blast radius'],
      ['admin-1', 'Second admin agrees with the rotation'],
    ]);
  });

  it('records exactly two of 20 concurrent approvals and releases the wait once', async () => {
    const id = await highRiskAwaitingApproval();

    const answers = await Promise.all(admins.map((token) => approve(id, token)));

    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(2);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(18);
    const view = await fixture.api(`/orchestrations/${id}`, { token: engineer });
    expect(view.body.approvals).toHaveLength(2);
    await waitFor(
      () => succeededTasks(fixture.stack.endpoints, id),
      (count) => count === 1,
    );
    expect(await succeededTasks(fixture.stack.endpoints, id)).toBe(1);
  });

  it('voids an approval when the dry-run is repeated with other parameters', async () => {
    const id = await highRiskAwaitingApproval();
    await approve(id, admin(2));

    const repeated = await fixture.api(`/orchestrations/${id}/dry-run`, {
      token: engineer,
      body: { ...ROTATE, parameters: { ...ROTATE.parameters, gracePeriodMinutes: 30 } },
    });

    expect(repeated.body).toMatchObject({ status: 'AWAITING_APPROVAL' });
    const view = await fixture.api(`/orchestrations/${id}`, { token: engineer });
    expect(view.body.approvals).toEqual([]);
    const audit = await fixture.api(`/orchestrations/${id}/audit`, { token: engineer });
    const last = (audit.body.events as Array<{ type: string; data: Record<string, unknown> }>).at(
      -1,
    );
    expect(last).toMatchObject({ type: 'DRY_RUN_PASSED', data: { voidedApprovals: 1 } });
    expect((await approve(id, admin(2))).body).toMatchObject({ status: 'AWAITING_APPROVAL' });
  });
});

describe('reject and cancel', () => {
  it('ends the workflow on rejection and audits it', async () => {
    const id = await awaitingApproval(fixture, engineer);
    await waitFor(
      () => executionStatus(fixture.stack.endpoints, id),
      (status) => status === 'RUNNING',
    );

    const rejected = await fixture.api(`/orchestrations/${id}/reject`, {
      token: admin(3),
      body: { justification: 'Too risky during peak traffic' },
    });

    expect(rejected.body).toEqual({ status: 'REJECTED' });
    await waitFor(
      () => executionStatus(fixture.stack.endpoints, id),
      (status) => status !== 'RUNNING',
    );
    const audit = await fixture.api(`/orchestrations/${id}/audit`, { token: engineer });
    expect((audit.body.events as Array<{ type: string }>).at(-1)?.type).toBe('REJECTED');
  });

  it('ends the workflow on cancellation and refuses to cancel a terminal orchestration', async () => {
    const id = await awaitingApproval(fixture, engineer);

    const cancelled = await fixture.api(`/orchestrations/${id}/cancel`, {
      token: engineer,
      body: {},
    });
    const again = await fixture.api(`/orchestrations/${id}/cancel`, { token: engineer, body: {} });

    expect(cancelled.body).toEqual({ status: 'CANCELLED' });
    expect(again.status).toBe(409);
    expect(await executionStatus(fixture.stack.endpoints, id)).toBe('ABORTED');
    expect(await statusOf(fixture, id, engineer)).toBe('CANCELLED');
  });

  it('lets neither another member nor another organisation cancel', async () => {
    const id = await awaitingApproval(fixture, engineer);
    const colleague = await fixture.token('engineer-2');
    const outsider = await fixture.token('admin-x', 'org-b', ['org-admin']);

    const byColleague = await fixture.api(`/orchestrations/${id}/cancel`, {
      token: colleague,
      body: {},
    });
    const byOutsider = await fixture.api(`/orchestrations/${id}/cancel`, {
      token: outsider,
      body: {},
    });

    expect(byColleague.status).toBe(403);
    expect(byOutsider.status).toBe(404);
  });
});

describe('idempotency keys on decisions', () => {
  it('replays an approval sent twice with the same key and refuses another body', async () => {
    const id = await highRiskAwaitingApproval();
    const headers = { 'idempotency-key': `approve-${id}` };

    const first = await fixture.api(`/orchestrations/${id}/approve`, {
      token: admin(4),
      body: JUSTIFICATION,
      headers,
    });
    const replay = await fixture.api(`/orchestrations/${id}/approve`, {
      token: admin(4),
      body: JUSTIFICATION,
      headers,
    });
    const other = await fixture.api(`/orchestrations/${id}/approve`, {
      token: admin(4),
      body: { justification: 'A different reason entirely' },
      headers,
    });

    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(other.status).toBe(422);
  });
});

describe('auto mode', () => {
  it('runs a pre-approved low-risk playbook without a human and keeps a medium one waiting', async () => {
    const orgAdmin = await fixture.token('auto-admin', 'org-auto', ['org-admin']);
    const member = await fixture.token('auto-engineer', 'org-auto');
    const current = await fixture.api('/policies', { token: member });
    const policy = { ...(current.body.policy as object), mode: 'auto' };
    const put = await fixture.api('/policies', {
      method: 'PUT',
      token: orgAdmin,
      body: { expectedVersion: current.body.version, policy },
    });
    expect(put.body).toMatchObject({
      version: 1,
      source: 'organisation',
      policy: { mode: 'auto' },
    });

    const low = await suggestOrchestration(fixture, member);
    const lowRun = await fixture.api(`/orchestrations/${low}/dry-run`, {
      token: member,
      body: { playbookId: 'restart-service' },
    });
    const medium = await suggestOrchestration(fixture, member);
    const mediumRun = await fixture.api(`/orchestrations/${medium}/dry-run`, {
      token: member,
      body: { playbookId: 'rollback-deployment' },
    });

    expect(lowRun.body).toMatchObject({ status: 'EXECUTING' });
    expect(mediumRun.body).toMatchObject({ status: 'AWAITING_APPROVAL' });
    await waitForStatus(fixture, low, member, 'SUCCEEDED');
    const audit = await fixture.api(`/orchestrations/${low}/audit`, { token: member });
    const dryRunEvent = (
      audit.body.events as Array<{ type: string; data: Record<string, unknown> }>
    )[1];
    expect(dryRunEvent?.data.automaticApproval).toMatchObject({ policyVersion: 1 });
  });

  it('voids approvals when the organisation policy changes after the dry-run', async () => {
    const orgAdmin = await fixture.token('policy-admin', 'org-p', ['org-admin']);
    const approver = await fixture.token('approver', 'org-p', ['org-admin']);
    const member = await fixture.token('member', 'org-p');
    const id = await suggestOrchestration(fixture, member);
    await fixture.api(`/orchestrations/${id}/dry-run`, { token: member, body: ROTATE });

    const current = await fixture.api('/policies', { token: member });
    const policy = { ...(current.body.policy as object), minJustificationLength: 12 };
    await fixture.api('/policies', {
      method: 'PUT',
      token: orgAdmin,
      body: { expectedVersion: 0, policy },
    });
    const afterChange = await approve(id, approver);

    expect(afterChange.status).toBe(409);
    expect(String(afterChange.body.detail)).toContain('policy');
  });
});
