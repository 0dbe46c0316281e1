import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The document client every adapter shares. Endpoint and region come from the SDK's own
 * configuration chain, so `AWS_ENDPOINT_URL_DYNAMODB` points it at dynalite offline.
 */
export function createDocumentClient(): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ maxAttempts: 4 });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

/** Whether a DynamoDB call failed only because its condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
