import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../core/audit-event';
import { isConditionFailure } from './dynamodb-document-client';

const SEQ_DIGITS = 9;

/** Partition key of an orchestration's items in both tables. */
export function orchestrationKey(orchestrationId: string): string {
  return `ORCH#${orchestrationId}`;
}

/** The chain id of an organisation's own chain (policy changes). */
export function organisationChainId(orgId: string): string {
  return `ORG#${orgId}`;
}

/** Partition key of a chain: an orchestration's, or an organisation's (already `ORG#`). */
export function chainKey(chainId: string): string {
  return chainId.startsWith('ORG#') ? chainId : orchestrationKey(chainId);
}

/** Sort key of an audit event; zero-padded so the table sorts events by sequence. */
export function auditEventKey(seq: number): string {
  return `EVENT#${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

/** The append-only audit table: put-if-absent, get and query, never update or delete. */
export class AuditStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Writes an event unless its sequence number is taken; false means another writer won. */
  async append(event: AuditEvent): Promise<boolean> {
    const item = { pk: chainKey(event.orchestrationId), sk: auditEventKey(event.seq) };
    const command = new PutCommand({
      TableName: this.tableName,
      Item: { ...item, ...event },
      ConditionExpression: 'attribute_not_exists(pk)',
    });

    try {
      await this.client.send(command);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Events after `afterSeq`, oldest first, read strongly consistent. */
  async listAfter(orchestrationId: string, afterSeq = 0): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let startKey: Record<string, unknown> | undefined;

    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk > :after',
          ExpressionAttributeValues: {
            ':pk': chainKey(orchestrationId),
            ':after': auditEventKey(afterSeq),
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      events.push(...(page.Items ?? []).map(toAuditEvent));
      startKey = page.LastEvaluatedKey;
    } while (startKey);

    return events;
  }

  /** One event by sequence number. */
  async get(orchestrationId: string, seq: number): Promise<AuditEvent | undefined> {
    const key = { pk: chainKey(orchestrationId), sk: auditEventKey(seq) };
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return result.Item ? toAuditEvent(result.Item) : undefined;
  }
}

function toAuditEvent(item: Record<string, unknown>): AuditEvent {
  const { pk: _pk, sk: _sk, ...event } = item;
  return event as unknown as AuditEvent;
}
