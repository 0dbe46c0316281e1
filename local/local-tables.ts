import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CloudFormationTemplate } from '../infra/synth-local';

/**
 * Creates the template's DynamoDB tables in dynalite with the keys and indexes the stack
 * declares, named by logical id. Tables that already exist (a restart) are kept.
 */
export async function createTemplateTables(
  endpoint: string,
  template: CloudFormationTemplate,
  logicalIds: readonly string[],
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: localCredentials(),
  });
  try {
    for (const logicalId of logicalIds) {
      await createTable(client, logicalId, template.Resources[logicalId]?.Properties ?? {});
    }
  } finally {
    client.destroy();
  }
}

/** Credentials the local services accept; they check no signature. */
export function localCredentials() {
  return { accessKeyId: 'local', secretAccessKey: 'local' };
}

async function createTable(
  client: DynamoDBClient,
  logicalId: string,
  properties: Record<string, unknown>,
): Promise<void> {
  const indexes = properties.GlobalSecondaryIndexes as Array<Record<string, unknown>> | undefined;
  const command = new CreateTableCommand({
    TableName: logicalId,
    KeySchema: properties.KeySchema as never,
    AttributeDefinitions: properties.AttributeDefinitions as never,
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: indexes?.map((index) => ({
      IndexName: index.IndexName as string,
      KeySchema: index.KeySchema as never,
      Projection: index.Projection as never,
    })),
  });

  try {
    await client.send(command);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
  }
}
