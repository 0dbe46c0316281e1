import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalEndpoints } from '../../local/local-stack';
import { localCredentials } from '../../local/local-tables';
import { waitFor } from './local-stack-fixture';

/** A document client on the local stack's dynalite, as an attacker with table access has. */
export function localDocumentClient(endpoints: LocalEndpoints): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    endpoint: endpoints.dynamodb,
    region: endpoints.region,
    credentials: localCredentials(),
  });
  return DynamoDBDocumentClient.from(client);
}

/** Every item of both tables, sorted, so two snapshots compare with `toEqual`. */
export async function snapshotTables(endpoints: LocalEndpoints): Promise<unknown[]> {
  const client = localDocumentClient(endpoints);
  const items: unknown[] = [];
  for (const table of [endpoints.tables.orchestrations, endpoints.tables.audit]) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: startKey, ConsistentRead: true }),
      );
      items.push(...(page.Items ?? []).map((item) => ({ table, ...item })));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  client.destroy();
  return items.map((item) => JSON.stringify(item)).sort();
}

/** Waits until the workflow has parked its approval task token (it does so asynchronously). */
export async function waitForParkedApprovalToken(endpoints: LocalEndpoints): Promise<void> {
  await waitFor(
    () => snapshotTables(endpoints),
    (items) => items.some((item) => String(item).includes('TOKEN#approval')),
  );
}
