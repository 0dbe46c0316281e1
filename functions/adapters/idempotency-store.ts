import { createHash } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { canonicalize } from '../core/canonical-json';
import { ConflictError, ValidationError } from '../core/errors';
import { isConditionFailure } from './dynamodb-document-client';

const RECORD_TTL_SECONDS = 24 * 3600;
// A request that crashed mid-way must not block its key for a whole day.
const IN_PROGRESS_SECONDS = 60;

/** A response remembered under an idempotency key, replayed byte for byte. */
export interface StoredResponse {
  statusCode: number;
  body: string;
  headers?: Record<string, string | number | boolean>;
}

/** Who owns a key: the organisation and the caller, so one tenant never replays another's. */
export interface IdempotencyScope {
  org: string;
  sub: string;
  route: string;
  key: string;
}

/**
 * Idempotency records in the orchestrations table: the first request with a key claims it
 * with a conditional put; a repeat with the same payload replays the stored response, one
 * with another payload is refused, and one racing the first gets 409.
 */
export class IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Runs `operation` once per key and payload; repeats get the first response back. */
  async run(
    scope: IdempotencyScope,
    payload: unknown,
    operation: () => Promise<StoredResponse>,
  ): Promise<StoredResponse> {
    const key = recordKey(scope);
    const payloadHash = sha256(canonicalize(payload ?? null));
    if (!(await this.claim(key, payloadHash))) {
      return this.replay(key, payloadHash);
    }

    try {
      const response = await operation();
      await this.complete(key, payloadHash, response);
      return response;
    } catch (error) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
      throw error;
    }
  }

  private async claim(key: RecordKey, payloadHash: string): Promise<boolean> {
    const now = nowSeconds();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            status: 'IN_PROGRESS',
            payloadHash,
            inProgressUntil: now + IN_PROGRESS_SECONDS,
            expiresAt: now + RECORD_TTL_SECONDS,
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR expiresAt < :now OR ' +
            '(#status = :inProgress AND inProgressUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':now': now, ':inProgress': 'IN_PROGRESS' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async replay(key: RecordKey, payloadHash: string): Promise<StoredResponse> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    const record = result.Item;
    if (record?.payloadHash !== payloadHash) {
      throw new ValidationError([
        { field: 'Idempotency-Key', message: 'was already used with a different request body' },
      ]);
    }

    if (record.status !== 'COMPLETED') {
      throw new ConflictError('A request with this Idempotency-Key is still in progress');
    }
    return record.response as StoredResponse;
  }

  private async complete(key: RecordKey, payloadHash: string, response: StoredResponse) {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key,
          status: 'COMPLETED',
          payloadHash,
          response,
          expiresAt: nowSeconds() + RECORD_TTL_SECONDS,
        },
      }),
    );
  }
}

interface RecordKey {
  pk: string;
  sk: string;
}

function recordKey(scope: IdempotencyScope): RecordKey {
  // Hashing keeps caller-chosen text out of the key and bounds its length.
  const owner = sha256(canonicalize([scope.org, scope.sub, scope.route, scope.key]));
  return { pk: `IDEMPOTENCY#${owner}`, sk: 'RECORD' };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
