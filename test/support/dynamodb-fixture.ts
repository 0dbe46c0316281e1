import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { synthesizeLocalTemplate } from '../../infra/synth-local';
import { createTemplateTables, localCredentials } from '../../local/local-tables';

/** An in-memory dynalite with the stack's two tables, for adapter tests. */
export interface DynamoDbFixture {
  documentClient: DynamoDBDocumentClient;
  tables: { orchestrations: string; audit: string };
  stop(): Promise<void>;
}

/** Starts dynalite on a free port and creates the tables the synthesized stack declares. */
export async function startDynamoDbFixture(): Promise<DynamoDbFixture> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const endpoint = `http://127.0.0.1:${port}`;

  const local = synthesizeLocalTemplate({
    approvalWindowSeconds: 60,
    executionWindowSeconds: 60,
    jwtIssuer: 'urn:test',
    jwtAudience: 'test',
    jwtJwksUrl: 'http://127.0.0.1:1/jwks.json',
  });
  const tables = {
    orchestrations: local.tableLogicalIds.Orchestrations,
    audit: local.tableLogicalIds.Audit,
  };
  await createTemplateTables(endpoint, local.template, Object.values(tables));

  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: localCredentials(),
  });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    documentClient,
    tables,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
