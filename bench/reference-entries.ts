/** A module bundled like a handler to give the floor a measurement is compared against. */
export interface ReferenceEntry {
  name: string;
  /** What the reference stands for, for the report. */
  description: string;
  source: string;
}

/** Bare DynamoDB document client and Step Functions client, built at init as handlers do. */
export const SDK_REFERENCE: ReferenceEntry = {
  name: 'sdk-floor',
  description: 'DynamoDBDocumentClient + SFNClient, one command each, clients built at init',
  source: `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const workflows = new SFNClient({});
export const handler = async (event) => ({
  item: await documents.send(new GetCommand(event.get)),
  execution: await workflows.send(new StartExecutionCommand(event.start)),
});
`,
};

/** Bare jose: a remote key set built at init and `jwtVerify` per call. */
export const JOSE_REFERENCE: ReferenceEntry = {
  name: 'jose-floor',
  description: 'jose createRemoteJWKSet at init + jwtVerify',
  source: `
import { createRemoteJWKSet, jwtVerify } from 'jose';
const keys = createRemoteJWKSet(new URL(process.env.JWT_JWKS_URL));
export const handler = async (event) => jwtVerify(event.token, keys, {
  issuer: process.env.JWT_ISSUER,
  audience: process.env.JWT_AUDIENCE,
  algorithms: ['ES256', 'RS256'],
});
`,
};

/** A handler that does nothing: what loading any bundle costs before its own code runs. */
export const EMPTY_REFERENCE: ReferenceEntry = {
  name: 'empty',
  description: 'an empty handler',
  source: 'export const handler = async () => ({});\n',
};

/**
 * Single packages our bundles carry, measured alone so the report can say what a handler's
 * size and init time are made of. Not floors: no budget compares against them.
 */
export const COMPONENT_REFERENCES: readonly ReferenceEntry[] = [
  {
    name: 'component-zod',
    description: "zod (classic API, `import { z } from 'zod'`) with one schema",
    source: `
import { z } from 'zod';
const Schema = z.object({ id: z.string(), count: z.number().int() });
export const handler = async (event) => Schema.parse(event);
`,
  },
  {
    name: 'component-zod-mini',
    description: "zod/mini (tree-shakable API, `import * as z from 'zod/mini'`) with one schema",
    source: `
import * as z from 'zod/mini';
const Schema = z.object({ id: z.string(), count: z.int() });
export const handler = async (event) => Schema.parse(event);
`,
  },
  {
    name: 'component-powertools-logger',
    description: 'Powertools Logger built at init',
    source: `
import { Logger } from '@aws-lambda-powertools/logger';
const logger = new Logger();
export const handler = async (event) => logger.info('event', { event });
`,
  },
];
