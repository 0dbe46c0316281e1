import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awaitingApproval,
  JUSTIFICATION,
  suggestOrchestration,
  waitForStatus,
} from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';

let fixture: StackFixture;
let engineer: string;
let adminToken: string;

beforeAll(async () => {
  fixture = await startStackFixture();
  engineer = await fixture.token('engineer-1');
  adminToken = await fixture.token('admin-1', 'org-a', ['org-admin']);
});

afterAll(async () => {
  await fixture?.stop();
});

describe('the offline lifecycle over HTTP', () => {
  it('takes an incident from suggestion to SUCCEEDED with one audit event per step', async () => {
    const created = await fixture.api('/orchestrate', {
      token: engineer,
      body: {
        incident: { title: 'Checkout errors after deploy', severity: 'high', service: 'checkout' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'SUGGESTED', source: 'catalog' });
    const id = String(created.body.orchestrationId);
    expect(created.headers.get('location')).toBe(`/orchestrations/${id}`);

    const dryRun = await fixture.api(`/orchestrations/${id}/dry-run`, {
      token: engineer,
      body: {},
    });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({ status: 'AWAITING_APPROVAL', dryRun: { valid: true } });

    // Approve the instant dry-run returns: the token may not be parked yet.
    const approved = await fixture.api(`/orchestrations/${id}/approve`, {
      token: adminToken,
      body: JUSTIFICATION,
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', requiredApprovals: 1 });

    const executed = await fixture.api(`/orchestrations/${id}/execute`, {
      token: adminToken,
      body: {},
    });
    expect(executed.status).toBe(202);
    expect(executed.body).toEqual({ status: 'EXECUTING' });

    await waitForStatus(fixture, id, engineer, 'SUCCEEDED');
    const audit = await fixture.api(`/orchestrations/${id}/audit`, { token: engineer });
    const events = audit.body.events as Array<{ type: string }>;
    expect(events.map((event) => event.type)).toEqual([
      'ORCHESTRATION_SUGGESTED',
      'DRY_RUN_PASSED',
      'APPROVAL_RECORDED',
      'EXECUTION_REQUESTED',
      'EXECUTION_SUCCEEDED',
    ]);
    expect(audit.body.verification).toMatchObject({ valid: true, checked: 5 });
  });

  it('never shows a task token in the view or the audit', async () => {
    const id = await awaitingApproval(fixture, engineer);
    await fixture.api(`/orchestrations/${id}/approve`, { token: adminToken, body: JUSTIFICATION });

    const view = await fixture.api(`/orchestrations/${id}`, { token: engineer });
    const audit = await fixture.api(`/orchestrations/${id}/audit`, { token: engineer });

    expect(view.text).not.toMatch(/taskToken/i);
    expect(audit.text).not.toMatch(/taskToken/i);
  });

  it('records exactly one approval when 50 admins approve at once', async () => {
    const id = await awaitingApproval(fixture, engineer);
    const admins = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        fixture.token(`admin-${index}`, 'org-a', ['org-admin']),
      ),
    );

    const answers = await Promise.all(
      admins.map((token) =>
        fixture.api(`/orchestrations/${id}/approve`, { token, body: JUSTIFICATION }),
      ),
    );

    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    const audit = await fixture.api(`/orchestrations/${id}/audit`, { token: engineer });
    const approvals = (audit.body.events as Array<{ type: string }>).filter(
      (event) => event.type === 'APPROVAL_RECORDED',
    );
    expect(approvals).toHaveLength(1);
  });

  it('answers 403 naming the rule when the requester approves their own orchestration', async () => {
    const id = await awaitingApproval(fixture, adminToken);

    const answer = await fixture.api(`/orchestrations/${id}/approve`, {
      token: adminToken,
      body: JUSTIFICATION,
    });

    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ rule: 'separation-of-duties' });
  });

  it('answers 404 to an admin of another organisation', async () => {
    const id = await suggestOrchestration(fixture, engineer);
    const otherAdmin = await fixture.token('admin-9', 'org-b', ['org-admin']);

    const read = await fixture.api(`/orchestrations/${id}`, { token: otherAdmin });
    const approve = await fixture.api(`/orchestrations/${id}/approve`, {
      token: otherAdmin,
      body: JUSTIFICATION,
    });

    expect(read.status).toBe(404);
    expect(approve.status).toBe(404);
    expect(read.headers.get('content-type')).toBe('application/problem+json');
  });
});
