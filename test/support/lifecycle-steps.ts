import { expect } from 'vitest';
import { type StackFixture, waitFor } from './local-stack-fixture';

/** An incident whose top suggestion is a medium-risk rollback that passes on defaults. */
export const CHECKOUT_INCIDENT = {
  title: 'Checkout errors after deploy',
  severity: 'high',
  service: 'checkout',
  signals: [{ name: 'deploy_age_minutes', value: 12 }],
};

/** Creates an orchestration as `token`'s caller and returns its id. */
export async function suggestOrchestration(fixture: StackFixture, token: string): Promise<string> {
  const created = await fixture.api('/orchestrate', {
    token,
    body: { incident: CHECKOUT_INCIDENT },
  });
  expect(created.status).toBe(201);
  return String(created.body.orchestrationId);
}

/** Creates an orchestration and passes its dry-run: it then awaits approval. */
export async function awaitingApproval(fixture: StackFixture, token: string): Promise<string> {
  const id = await suggestOrchestration(fixture, token);
  const dryRun = await fixture.api(`/orchestrations/${id}/dry-run`, { token, body: {} });
  expect(dryRun.body).toMatchObject({ status: 'AWAITING_APPROVAL' });
  return id;
}

/** Reads an orchestration's status. */
export async function statusOf(fixture: StackFixture, id: string, token: string): Promise<string> {
  const view = await fixture.api(`/orchestrations/${id}`, { token });
  return String(view.body.status);
}

/** Waits until the orchestration reaches `status`. */
export async function waitForStatus(
  fixture: StackFixture,
  id: string,
  token: string,
  status: string,
): Promise<void> {
  await waitFor(
    () => statusOf(fixture, id, token),
    (current) => current === status,
  );
}

/** A justification long enough for the policy. */
export const JUSTIFICATION = { justification: 'Rollback is the fastest safe fix' };
