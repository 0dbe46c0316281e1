import { expect } from 'vitest';
import { awaitingApproval, JUSTIFICATION } from '../support/lifecycle-steps';
import { type StackFixture, waitFor } from '../support/local-stack-fixture';

/** The parts of a finished orchestration these tests look at. */
export interface FinishedExecution {
  id: string;
  status: string;
  execution: Record<string, unknown>;
  /** Data of the EXECUTION_SUCCEEDED or EXECUTION_FAILED audit event. */
  audited: { type: string; data: Record<string, unknown> };
}

/** Suggests, dry-runs, approves and executes an orchestration, then waits for its outcome. */
export async function executeToEnd(
  fixture: StackFixture,
  tokens: { engineer: string; admin: string },
  timeoutMs = 20_000,
): Promise<FinishedExecution> {
  const id = await awaitingApproval(fixture, tokens.engineer);
  const approved = await fixture.api(`/orchestrations/${id}/approve`, {
    token: tokens.admin,
    body: JUSTIFICATION,
  });
  const released = await fixture.api(`/orchestrations/${id}/execute`, {
    token: tokens.admin,
    body: {},
  });
  expect([approved.status, released.status]).toEqual([200, 202]);

  const view = await waitFor(
    () => fixture.api(`/orchestrations/${id}`, { token: tokens.engineer }),
    (answer) => answer.body.status === 'SUCCEEDED' || answer.body.status === 'FAILED',
    timeoutMs,
  );
  return { id, ...(await finished(fixture, id, tokens.engineer, view.body)) };
}

async function finished(
  fixture: StackFixture,
  id: string,
  token: string,
  view: Record<string, unknown>,
): Promise<Omit<FinishedExecution, 'id'>> {
  const audit = await fixture.api(`/orchestrations/${id}/audit`, { token });
  const events = audit.body.events as FinishedExecution['audited'][];
  const audited = events.find(
    (event) => event.type.startsWith('EXECUTION_') && event.type !== 'EXECUTION_REQUESTED',
  );
  if (!audited) throw new Error(`No execution outcome in the audit of ${id}`);

  return {
    status: String(view.status),
    execution: view.execution as Record<string, unknown>,
    audited,
  };
}
