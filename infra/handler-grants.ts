import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { HandlerAccess, Integration, TableAction } from './handler-access';
import { BY_ORG_INDEX, type OrchestrationTables } from './orchestration-tables';

/** The resources a handler's grants point at. */
export interface GrantTargets {
  readonly tables: OrchestrationTables;
  readonly stateMachineArn: string;
  /** ARN pattern matching every execution of the state machine. */
  readonly executionArns: string;
  /** Bus for lifecycle events, when configured. */
  readonly eventBusName?: string;
  /** Secret holding the HS256 key, when the authorizer uses one. */
  readonly jwtSecretArn?: string;
  /** Secrets holding the credential of each integration that has one. */
  readonly integrationSecretArns: Readonly<Partial<Record<Integration, string>>>;
}

const WRITES: ReadonlySet<TableAction> = new Set(['PutItem', 'UpdateItem']);
/** Reading an item encrypted under a customer managed key; DynamoDB calls KMS for the caller. */
const KMS_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KMS_WRITE = ['kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * The IAM statements of one handler: exactly its DynamoDB, KMS, Step Functions, EventBridge
 * and Secrets Manager calls, each on the one resource it touches.
 */
export function statementsFor(access: HandlerAccess, targets: GrantTargets): PolicyStatement[] {
  const { orchestrations, audit } = targets.tables;
  const statements = [
    allow('dynamodb', access.orchestrations, orchestrations.tableArn),
    allow('dynamodb', access.byOrgIndex, `${orchestrations.tableArn}/index/${BY_ORG_INDEX}`),
    allow('dynamodb', access.audit, audit.tableArn),
    ...kmsStatements(access, targets),
    allow('states', access.stateMachine, targets.stateMachineArn),
    allow('states', access.executions, targets.executionArns),
    ...eventStatements(access, targets),
    ...secretStatements(access, targets),
  ];

  return statements.filter((statement): statement is PolicyStatement => statement !== undefined);
}

function allow(
  service: string,
  actions: readonly string[],
  resource: string,
): PolicyStatement | undefined {
  if (actions.length === 0) {
    return undefined;
  }

  return new PolicyStatement({
    actions: actions.map((action) => `${service}:${action}`),
    resources: [resource],
  });
}

function kmsStatements(access: HandlerAccess, targets: GrantTargets): PolicyStatement[] {
  const key = targets.tables.encryptionKey;
  const actions = [...access.orchestrations, ...access.byOrgIndex, ...access.audit];
  if (key === undefined || actions.length === 0) {
    return [];
  }

  const writes = actions.some((action) => WRITES.has(action));
  const statement = new PolicyStatement({
    actions: writes ? [...KMS_READ, ...KMS_WRITE] : KMS_READ,
    resources: [key.keyArn],
    // The key serves the tables, not direct KMS calls from the function.
    conditions: {
      StringEquals: {
        'kms:ViaService': `dynamodb.${Stack.of(targets.tables).region}.amazonaws.com`,
      },
    },
  });

  return [statement];
}

function eventStatements(access: HandlerAccess, targets: GrantTargets): PolicyStatement[] {
  if (targets.eventBusName === undefined || !access.publishesEvents) {
    return [];
  }

  const busArn = Stack.of(targets.tables).formatArn({
    service: 'events',
    resource: 'event-bus',
    resourceName: targets.eventBusName,
  });

  return [new PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn] })];
}

function secretStatements(access: HandlerAccess, targets: GrantTargets): PolicyStatement[] {
  const jwtSecret = access.kind === 'authorizer' ? [targets.jwtSecretArn] : [];
  const credentials = access.integrations.map((name) => targets.integrationSecretArns[name]);
  const secrets = [...jwtSecret, ...credentials].filter((arn): arn is string => arn !== undefined);
  if (secrets.length === 0) {
    return [];
  }

  const actions = ['secretsmanager:GetSecretValue'];
  return [new PolicyStatement({ actions, resources: [...new Set(secrets)] })];
}
