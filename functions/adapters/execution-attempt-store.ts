import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { orchestrationKey } from './audit-store';

/** How often the runtime was asked to run an orchestration's playbook, and since when. */
export interface AttemptSummary {
  attempts: number;
  firstAttemptAt?: string;
}

const ATTEMPTS_KEY = 'EXECUTION#attempts';
// Long enough for any investigation of a run; the audit event keeps the final figures.
const RETENTION_SECONDS = 90 * 24 * 3600;

/**
 * Counts calls to the runtime per orchestration in the orchestrations table, so the figure
 * survives the state machine's retries (each a fresh invocation) and reaches RecordFailure.
 */
export class ExecutionAttemptStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Counts one call about to be sent; the first one also fixes the start of the run. */
  async countAttempt(orchestrationId: string, at = new Date()): Promise<void> {
    const expiresAt = Math.floor(at.getTime() / 1000) + RETENTION_SECONDS;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: orchestrationKey(orchestrationId), sk: ATTEMPTS_KEY },
        UpdateExpression: [
          'SET #first = if_not_exists(#first, :at),',
          '#expires = if_not_exists(#expires, :expiresAt)',
          'ADD #attempts :one',
        ].join(' '),
        ExpressionAttributeNames: {
          '#first': 'firstAttemptAt',
          '#expires': 'expiresAt',
          '#attempts': 'attempts',
        },
        ExpressionAttributeValues: { ':one': 1, ':at': at.toISOString(), ':expiresAt': expiresAt },
      }),
    );
  }

  /** The calls counted so far; none when the runtime was never called. */
  async summary(orchestrationId: string): Promise<AttemptSummary> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: orchestrationKey(orchestrationId), sk: ATTEMPTS_KEY },
        ConsistentRead: true,
      }),
    );
    const attempts = Number(result.Item?.attempts ?? 0);
    const first = result.Item?.firstAttemptAt;
    return { attempts, firstAttemptAt: typeof first === 'string' ? first : undefined };
  }
}

let store: ExecutionAttemptStore | undefined;

/** The warm container's attempt store on the orchestrations table. */
export function executionAttemptStore(
  client: DynamoDBDocumentClient,
  orchestrationsTable: string,
): ExecutionAttemptStore {
  store ??= new ExecutionAttemptStore(client, orchestrationsTable);
  return store;
}
