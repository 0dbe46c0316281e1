import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../core/errors';
import type { Orchestration } from '../core/orchestration';
import type { OrchestrationStatus } from '../core/statuses';

/** Name of the index that lists an organisation's orchestrations, newest first. */
export const ORG_INDEX_NAME = 'byOrg';

/** One page of an organisation's orchestrations. */
export interface OrchestrationPage {
  items: Orchestration[];
  nextCursor: string | null;
}

/** What to list. */
export interface ListingQuery {
  orgId: string;
  status?: OrchestrationStatus;
  limit: number;
  cursor?: string;
}

/**
 * Lists an organisation's orchestrations through the `byOrg` index. The cursor is opaque
 * to callers and bound to their organisation, so it cannot be used to read another's.
 */
export async function listOrchestrations(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: ListingQuery,
): Promise<OrchestrationPage> {
  const items: Orchestration[] = [];
  let startKey = decodeCursor(query.cursor, query.orgId);

  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: ORG_INDEX_NAME,
        KeyConditionExpression: 'orgPk = :orgPk',
        FilterExpression: query.status ? '#status = :status' : undefined,
        ExpressionAttributeNames: query.status ? { '#status': 'status' } : undefined,
        ExpressionAttributeValues: {
          ':orgPk': `ORG#${query.orgId}`,
          ...(query.status ? { ':status': query.status } : {}),
        },
        ScanIndexForward: false,
        Limit: query.limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []).map((item) => item.projection as Orchestration));
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length < query.limit);

  return { items, nextCursor: startKey ? encodeCursor(startKey) : null };
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string | undefined, orgId: string) {
  if (!cursor) return undefined;

  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key?.orgPk === `ORG#${orgId}` && typeof key.pk === 'string' && typeof key.sk === 'string') {
      return key as Record<string, unknown>;
    }
  } catch {
    // Falls through to the same answer as a cursor of another organisation.
  }
  throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
}
