import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventKey, orchestrationKey } from '../../functions/adapters/audit-store';
import { awaitingApproval, JUSTIFICATION } from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';
import { localDocumentClient } from '../support/table-snapshot';

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

async function approvedOrchestration(): Promise<string> {
  const id = await awaitingApproval(fixture, engineer);
  await fixture.api(`/orchestrations/${id}/approve`, { token: adminToken, body: JUSTIFICATION });
  return id;
}

async function verification(id: string) {
  const audit = await fixture.api(`/orchestrations/${id}/audit`, { token: engineer });
  return audit.body.verification;
}

describe('audit tampering through the SDK', () => {
  it('fails verification at the sequence number of any edited event', async () => {
    for (const seq of [1, 2, 3]) {
      const id = await approvedOrchestration();
      const client = localDocumentClient(fixture.stack.endpoints);
      await client.send(
        new UpdateCommand({
          TableName: fixture.stack.endpoints.tables.audit,
          Key: { pk: orchestrationKey(id), sk: auditEventKey(seq) },
          UpdateExpression: 'SET #at = :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': '2020-01-01T00:00:00.000Z' },
        }),
      );
      client.destroy();

      expect(await verification(id)).toMatchObject({ valid: false, firstInvalidSeq: seq });
    }
  });

  it('detects a deleted newest event through the chain head on the state item', async () => {
    const id = await approvedOrchestration();
    const client = localDocumentClient(fixture.stack.endpoints);
    await client.send(
      new DeleteCommand({
        TableName: fixture.stack.endpoints.tables.audit,
        Key: { pk: orchestrationKey(id), sk: auditEventKey(3) },
      }),
    );
    client.destroy();

    expect(await verification(id)).toMatchObject({ valid: false, firstInvalidSeq: 3, checked: 2 });
  });
});
