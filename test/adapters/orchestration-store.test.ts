import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventKey, orchestrationKey } from '../../functions/adapters/audit-store';
import { OrchestrationStore } from '../../functions/adapters/orchestration-store';
import { sealAuditEvent } from '../../functions/core/audit-event';
import { verifyAuditChain } from '../../functions/core/audit-verifier';
import { ConflictError } from '../../functions/core/errors';
import {
  recordApproval,
  recordDryRun,
  suggest,
  WORKFLOW_ACTOR,
} from '../../functions/core/orchestration-transitions';
import { type DynamoDbFixture, startDynamoDbFixture } from '../support/dynamodb-fixture';
import {
  admin,
  ENGINEER,
  PLAN_DIGEST,
  passedDryRun,
  SUGGESTED,
} from '../support/orchestration-fixtures';

let fixture: DynamoDbFixture;
let store: OrchestrationStore;

beforeAll(async () => {
  fixture = await startDynamoDbFixture();
  store = new OrchestrationStore(fixture.documentClient, fixture.tables);
});

afterAll(async () => {
  await fixture.stop();
});

async function awaitingApproval(requiredApprovals = 1): Promise<string> {
  const id = crypto.randomUUID();
  const at = new Date().toISOString();
  await store.create(id, suggest(ENGINEER, SUGGESTED, at));
  await store.transition(id, (state) =>
    recordDryRun(state, ENGINEER, passedDryRun(requiredApprovals), at),
  );
  return id;
}

describe('OrchestrationStore', () => {
  it('records exactly one approval when 50 admins approve at once', async () => {
    const id = await awaitingApproval(1);
    const at = new Date().toISOString();

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, index) =>
        store.transition(id, (state) =>
          recordApproval(state, admin(`admin-${index}`), 'fix it now please', PLAN_DIGEST, at),
        ),
      ),
    );

    const winners = results.filter((result) => result.status === 'fulfilled');
    const losers = results.filter((result) => result.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers.every((loser) => loser.reason instanceof ConflictError)).toBe(true);
    const state = await store.load(id);
    expect(state?.status).toBe('APPROVED');
    expect(state?.approvals).toHaveLength(1);
  });

  it('keeps a contiguous chain when 20 writers append to it at once', async () => {
    const id = await awaitingApproval(25);
    const at = new Date().toISOString();

    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.transition(id, (state) =>
          recordApproval(state, admin(`admin-${index}`), 'needed now!!', PLAN_DIGEST, at),
        ),
      ),
    );

    const events = await store.audit.listAfter(id);
    const state = await store.load(id);
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(verifyAuditChain(id, events, state?.auditHead).valid).toBe(true);
    expect(state?.approvals).toHaveLength(20);
  });

  it('folds an event the projection missed when the writer died between the two writes', async () => {
    const id = await awaitingApproval(1);
    const before = await store.load(id);
    const draft = recordApproval(
      before as NonNullable<typeof before>,
      admin(),
      'crash test ok',
      PLAN_DIGEST,
      new Date().toISOString(),
    );
    // The crash: the audit event is written, the projection update never happens.
    await store.audit.append(sealAuditEvent(id, before?.auditHead ?? { seq: 0, hash: '' }, draft));

    const repaired = await store.load(id);

    expect(repaired).toMatchObject({ status: 'APPROVED', version: 3 });
    expect(repaired?.approvals.map((approval) => approval.approver)).toEqual(['admin-1']);
  });

  it('refuses to overwrite an existing audit event through PutItem', async () => {
    const id = await awaitingApproval(1);
    const forged = { pk: orchestrationKey(id), sk: auditEventKey(1), type: 'FORGED' };

    const overwrite = fixture.documentClient.send(
      new PutCommand({
        TableName: fixture.tables.audit,
        Item: forged,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );

    await expect(overwrite).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    const appended = await store.audit.append({
      ...(await store.audit.get(id, 1)),
      actor: WORKFLOW_ACTOR,
    } as never);
    expect(appended).toBe(false);
  });
});
