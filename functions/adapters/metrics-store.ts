import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { canonicalize } from '../core/canonical-json';
import type { CounterSample } from '../core/prometheus-exposition';

/**
 * Counters kept in the orchestrations table, one item per organisation, name and labels,
 * incremented atomically so every Lambda instance adds to the same count.
 */
export class MetricsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Adds one to a counter of an organisation. */
  async increment(org: string, name: string, help: string, labels: Record<string, string>) {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: metricsKey(org), sk: `COUNTER#${name}#${canonicalize(labels)}` },
        UpdateExpression: 'ADD #value :one SET #name = :name, help = :help, labels = :labels',
        ExpressionAttributeNames: { '#value': 'value', '#name': 'name' },
        ExpressionAttributeValues: { ':one': 1, ':name': name, ':help': help, ':labels': labels },
      }),
    );
  }

  /** Every counter of an organisation. */
  async list(org: string): Promise<CounterSample[]> {
    const samples: CounterSample[] = [];
    let startKey: Record<string, unknown> | undefined;

    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': metricsKey(org) },
          ExclusiveStartKey: startKey,
        }),
      );
      samples.push(...(page.Items ?? []).map(toSample));
      startKey = page.LastEvaluatedKey;
    } while (startKey);

    return samples;
  }
}

function metricsKey(org: string): string {
  return `METRICS#${org}`;
}

function toSample(item: Record<string, unknown>): CounterSample {
  return {
    name: String(item.name),
    help: String(item.help),
    labels: (item.labels ?? {}) as Record<string, string>,
    value: Number(item.value),
  };
}
