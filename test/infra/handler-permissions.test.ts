import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS } from '../../infra/handlers';
import { ALL_FEATURES, type SynthesizedStack, synthesizeTestStack } from './stack-fixture';
import {
  actionsOf,
  allStatements,
  environmentOf,
  type Json,
  resourcesOf,
  statementsByFunction,
} from './template-queries';

/** What one role may do, by the resource it may do it on. */
type Grants = Record<string, string[]>;

const BASE: Grants = {
  '*': ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  ownLogGroup: ['logs:CreateLogStream', 'logs:PutLogEvents'],
};
const db = (...actions: string[]) => actions.map((action) => `dynamodb:${action}`);
const LOAD = { orchestrations: db('GetItem', 'PutItem'), audit: db('Query') };
const TRANSITION = {
  orchestrations: db('GetItem', 'PutItem', 'UpdateItem'),
  audit: db('Query', 'PutItem'),
};
const DECISION = {
  orchestrations: db('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'),
  audit: db('Query', 'PutItem'),
};

/** The whole policy of every function, written out: a change to any grant shows up here. */
const EXPECTED: Record<string, Grants> = {
  Authorizer: BASE,
  Health: BASE,
  Metrics: { ...BASE, orchestrations: db('Query') },
  Orchestrate: {
    ...BASE,
    orchestrations: db('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'),
    audit: db('PutItem'),
  },
  ListOrchestrations: { ...BASE, byOrgIndex: db('Query') },
  GetOrchestration: { ...BASE, ...LOAD },
  GetAudit: { ...BASE, ...LOAD },
  DryRun: { ...BASE, ...DECISION, stateMachine: ['states:StartExecution'] },
  Approve: {
    ...BASE,
    ...DECISION,
    stateMachine: ['states:StartExecution', 'states:SendTaskSuccess'],
  },
  Reject: { ...BASE, ...DECISION, stateMachine: ['states:SendTaskFailure'] },
  Execute: { ...BASE, ...DECISION, stateMachine: ['states:SendTaskSuccess'] },
  Cancel: { ...BASE, ...DECISION, executions: ['states:StopExecution'] },
  GetPolicies: { ...BASE, ...LOAD },
  PutPolicies: {
    ...BASE,
    orchestrations: db('GetItem', 'PutItem', 'DeleteItem'),
    audit: db('GetItem', 'Query', 'PutItem'),
  },
  ParkTaskToken: {
    ...BASE,
    orchestrations: db('GetItem', 'PutItem', 'DeleteItem'),
    audit: db('Query'),
    stateMachine: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
  },
  RunPlaybook: { ...BASE, ...TRANSITION },
  RecordExpiry: { ...BASE, ...TRANSITION },
  RecordFailure: { ...BASE, ...TRANSITION },
};

const PUBLISHERS = [
  'Orchestrate',
  'DryRun',
  'Approve',
  'Reject',
  'Execute',
  'Cancel',
  'RunPlaybook',
  'RecordExpiry',
  'RecordFailure',
];

function grantsByHandler({ stack, template }: SynthesizedStack): Record<string, Grants> {
  const statements = statementsByFunction(template);
  const ids = stack.functionLogicalIds();
  const label = labeller(stack);

  return Object.fromEntries(
    Object.entries(ids).map(([name, id]) => {
      const grants: Grants = {};
      for (const statement of statements[id] ?? []) {
        for (const resource of resourcesOf(statement)) {
          grants[label(resource, name)] = [
            ...(grants[label(resource, name)] ?? []),
            ...actionsOf(statement),
          ];
        }
      }
      return [name, grants];
    }),
  );
}

function labeller(stack: SynthesizedStack['stack']) {
  const tables = stack.tableLogicalIds();

  return (resource: unknown, handler: string): string => {
    const text = JSON.stringify(resource);
    const labels: Array<[boolean, string]> = [
      [resource === '*', '*'],
      [text.includes(`Functions${handler}LogGroup`), 'ownLogGroup'],
      [text.includes(tables.Orchestrations) && text.includes('/index/byOrg'), 'byOrgIndex'],
      [text.includes(tables.Orchestrations), 'orchestrations'],
      [text.includes(tables.Audit), 'audit'],
      [text.includes(':stateMachine:TestOrchestrator-orchestration'), 'stateMachine'],
      [text.includes(':execution:TestOrchestrator-orchestration:*'), 'executions'],
      [text.includes(':event-bus/incident-events'), 'eventBus'],
      [text.includes('TablesTableKey'), 'tableKey'],
      [text.includes(':secret:'), text.replace(/.*:secret:([\w-]+).*/, 'secret:$1')],
    ];
    return labels.find(([matches]) => matches)?.[1] ?? `unexpected ${text}`;
  };
}

describe('OrchestratorFunctions permissions', () => {
  let plain: SynthesizedStack;
  let featured: SynthesizedStack;

  beforeAll(() => {
    plain = synthesizeTestStack();
    featured = synthesizeTestStack(ALL_FEATURES);
  });

  it('grants each function exactly the actions it calls, each on one resource', () => {
    expect(Object.keys(EXPECTED)).toEqual(HANDLERS.map((handler) => handler.name));
    expect(grantsByHandler(plain)).toEqual(EXPECTED);
  });

  it('lets nothing update, delete or batch-write audit events, and grants no dynamodb:*', () => {
    const auditId = plain.stack.tableLogicalIds().Audit;

    const statements = allStatements(plain.template);
    const onAudit = statements
      .filter((statement) => JSON.stringify(statement.Resource).includes(auditId))
      .flatMap(actionsOf);

    expect([...new Set(onAudit)].sort()).toEqual(db('GetItem', 'PutItem', 'Query'));
    expect(statements.flatMap(actionsOf).filter((action) => action.includes('*'))).toEqual([]);
  });

  it('uses Resource "*" only for X-Ray and for the state machine log delivery', () => {
    const wildcard = allStatements(plain.template)
      .filter((statement) => resourcesOf(statement).includes('*'))
      .flatMap(actionsOf);

    expect([...new Set(wildcard.map((action) => action.split(':')[0]))].sort()).toEqual([
      'logs',
      'xray',
    ]);
    expect(wildcard.filter((action) => action.startsWith('logs:')).sort()).toEqual(
      [
        'logs:CreateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:DescribeLogGroups',
        'logs:DescribeResourcePolicies',
        'logs:GetLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:UpdateLogDelivery',
      ].sort(),
    );
  });

  it('lets the authorizer read its JWT secret, and only that secret', () => {
    const grants = grantsByHandler(featured);

    expect(grants.Authorizer).toEqual({
      ...BASE,
      'secret:jwt-key-AbC123': ['secretsmanager:GetSecretValue'],
    });
    const readers = Object.entries(grants)
      .filter(([, byResource]) => 'secret:jwt-key-AbC123' in byResource)
      .map(([name]) => name);
    expect(readers).toEqual(['Authorizer']);
  });

  it('passes the secret to the authorizer by ARN only, never by value', () => {
    const ids = featured.stack.functionLogicalIds();

    expect(environmentOf(featured.template, ids.Authorizer ?? '')).toMatchObject({
      JWT_SECRET_ARN: ALL_FEATURES.jwtSecretArn,
      JWT_ALGORITHMS: 'HS256',
    });
    expect(JSON.stringify(featured.template.toJSON())).not.toMatch(/"JWT_SECRET"/);
  });

  it('lets the functions that record transitions publish to the configured bus only', () => {
    const grants = grantsByHandler(featured);
    const ids = featured.stack.functionLogicalIds();

    const publishers = Object.entries(grants)
      .filter(([, byResource]) => 'eventBus' in byResource)
      .map(([name]) => name);
    expect(publishers).toEqual(PUBLISHERS);
    expect(grants.Approve?.eventBus).toEqual(['events:PutEvents']);
    const withBus = Object.entries(ids)
      .filter(([, id]) => 'EVENT_BUS_NAME' in environmentOf(featured.template, id))
      .map(([name]) => name);
    expect(withBus).toEqual(PUBLISHERS);
  });

  it('grants no bus when none is configured', () => {
    const publishers = Object.values(grantsByHandler(plain)).filter((g) => 'eventBus' in g);

    expect(publishers).toEqual([]);
  });

  it('lets only the playbook run read the runtime credential, passed as secret:<arn>', () => {
    const grants = grantsByHandler(featured);
    const ids = featured.stack.functionLogicalIds();

    const readers = Object.entries(grants)
      .filter(([, byResource]) => 'secret:runtime-Xy9876' in byResource)
      .map(([name]) => name);
    expect(readers).toEqual(['RunPlaybook']);
    expect(environmentOf(featured.template, ids.RunPlaybook ?? '')).toMatchObject({
      RUNTIME_AUTH: `secret:${ALL_FEATURES.runtimeAuthSecretArn}`,
    });
  });

  it('grants the table key through DynamoDB only: decrypt to read, encrypt too to write', () => {
    const grants = grantsByHandler(featured);
    const keyStatement = (name: string): Json | undefined =>
      statementsByFunction(featured.template)
        [featured.stack.functionLogicalIds()[name] ?? '']?.filter((statement) =>
          JSON.stringify(statement.Resource).includes('TablesTableKey'),
        )
        .at(0);

    expect(grants.Metrics?.tableKey).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
    expect(grants.Approve?.tableKey).toEqual([
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
    ]);
    expect(grants.Health?.tableKey).toBeUndefined();
    expect(keyStatement('Metrics')?.Condition).toEqual({
      StringEquals: {
        'kms:ViaService': {
          'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
        },
      },
    });
  });
});
