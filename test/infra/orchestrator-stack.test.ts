import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../functions/core/api-routes';
import { HANDLERS } from '../../infra/handlers';
import { type SynthesizedStack, synthesizeTestStack } from './stack-fixture';
import {
  actionsOf,
  authorizationByRoute,
  environmentOf,
  propertiesOf,
  statementsByFunction,
} from './template-queries';

const AUDIT_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'];
const SEND_TASK = ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'];

describe('OrchestratorStack', () => {
  let synthesized: SynthesizedStack;
  let functionIds: Record<string, string>;

  beforeAll(() => {
    synthesized = synthesizeTestStack({ runtimeUrl: 'https://runtime.example.com' });
    functionIds = synthesized.stack.functionLogicalIds();
  });

  it('creates one Node.js 22 arm64 function per handler, traced', () => {
    const { template } = synthesized;

    template.resourceCountIs('AWS::Lambda::Function', HANDLERS.length);
    expect(Object.keys(functionIds)).toEqual(HANDLERS.map((handler) => handler.name));
    for (const id of Object.values(functionIds)) {
      expect(propertiesOf(template.findResources('AWS::Lambda::Function')[id])).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('guards every method but GET /health with the token authorizer', () => {
    const expected = Object.fromEntries(
      API_ROUTES.map((route) => [
        `${route.method} ${route.path}`,
        route.path === '/health' ? 'NONE' : 'CUSTOM',
      ]),
    );

    expect(authorizationByRoute(synthesized.template)).toEqual(expected);
    synthesized.template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 300,
    });
    synthesized.template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'v1' });
  });

  it('gives the authorizer the JWT settings and nothing about tables', () => {
    const environment = environmentOf(synthesized.template, functionIds.Authorizer ?? '');

    expect(environment).toEqual({
      JWT_ISSUER: 'https://issuer.example.com/',
      JWT_AUDIENCE: 'incident-orchestrator',
      JWT_JWKS_URL: 'https://issuer.example.com/.well-known/jwks.json',
      JWT_ALGORITHMS: 'ES256,RS256',
      POWERTOOLS_SERVICE_NAME: 'incident-orchestrator',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('gives the state machine ARN only to the API functions that drive it', () => {
    const { template, stack } = synthesized;
    const tables = stack.tableLogicalIds();

    const withArn = HANDLERS.map((handler) => handler.name).filter(
      (name) => 'STATE_MACHINE_ARN' in environmentOf(template, functionIds[name] ?? ''),
    );

    expect(withArn).toEqual(['DryRun', 'Approve', 'Reject', 'Execute', 'Cancel']);
    expect(environmentOf(template, functionIds.RunPlaybook ?? '')).toEqual({
      ORCHESTRATIONS_TABLE: { Ref: tables.Orchestrations },
      AUDIT_TABLE: { Ref: tables.Audit },
      APPROVAL_WINDOW_SECONDS: '14400',
      EXECUTION_WINDOW_SECONDS: '3600',
      RUNTIME_URL: 'https://runtime.example.com',
      POWERTOOLS_SERVICE_NAME: 'incident-orchestrator',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('grants state machine actions only to the functions that need them', () => {
    const statements = statementsByFunction(synthesized.template);

    const granted = Object.fromEntries(
      Object.entries(functionIds).map(([name, id]) => [
        name,
        (statements[id] ?? []).flatMap(actionsOf).filter((action) => action.startsWith('states:')),
      ]),
    );

    expect(granted).toEqual({
      ...Object.fromEntries(HANDLERS.map((handler) => [handler.name, []])),
      DryRun: ['states:StartExecution', ...SEND_TASK],
      Approve: ['states:StartExecution', ...SEND_TASK],
      Reject: SEND_TASK,
      Execute: ['states:StartExecution', ...SEND_TASK],
      Cancel: ['states:SendTaskFailure', 'states:StopExecution'],
      ParkTaskToken: SEND_TASK,
    });
  });

  it('names the state machine by ARN in policies, so functions never depend on it', () => {
    const { template, stack } = synthesized;
    const stateMachineId = stack.stateMachineLogicalId();

    const dependents = Object.entries({
      ...template.findResources('AWS::IAM::Policy'),
      ...template.findResources('AWS::Lambda::Function'),
    }).filter(([, resource]) => JSON.stringify(resource).includes(stateMachineId));

    expect(dependents.map(([id]) => id)).toEqual([]);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'TestOrchestrator-orchestration',
      StateMachineType: 'STANDARD',
    });
  });

  it('lets no function update, delete or batch-write audit events', () => {
    const auditId = synthesized.stack.tableLogicalIds().Audit;

    const onAudit = Object.values(statementsByFunction(synthesized.template))
      .flat()
      .filter((statement) => JSON.stringify(statement.Resource).includes(auditId))
      .flatMap(actionsOf);

    expect(onAudit.length).toBeGreaterThan(0);
    expect([...new Set(onAudit)].sort()).toEqual(AUDIT_ACTIONS);
  });

  it('keeps both tables on demand with PITR and expires orchestration items by TTL', () => {
    const { template } = synthesized;
    const keptTable = {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    };

    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.allResources('AWS::DynamoDB::Table', keptTable);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byOrg',
          KeySchema: [
            { AttributeName: 'orgPk', KeyType: 'HASH' },
            { AttributeName: 'orgSk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('outputs the API URL, both table names and the state machine ARN', () => {
    const { template, stack } = synthesized;
    const tables = stack.tableLogicalIds();

    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'ApiUrl',
      'AuditTableName',
      'OrchestrationsTableName',
      'StateMachineArn',
    ]);
    template.hasOutput('AuditTableName', { Value: { Ref: tables.Audit } });
    template.hasOutput('StateMachineArn', { Value: { Ref: stack.stateMachineLogicalId() } });
  });

  it('refuses to synthesize without a JWT issuer and says how to supply one', () => {
    expect(() => synthesizeTestStack({ jwtIssuer: '' })).toThrow(
      'OrchestratorStack: jwtIssuer is required so the authorizer can verify JWTs. ' +
        'Set the jwtIssuer prop, or deploy with -c jwtIssuer=<value>.',
    );
  });
});
