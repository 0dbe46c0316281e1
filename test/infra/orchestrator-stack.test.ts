import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS } from '../../infra/handlers';
import { type SynthesizedStack, synthesizeTestStack } from './stack-fixture';
import { environmentOf, propertiesOf } from './template-queries';

const POWERTOOLS = {
  POWERTOOLS_SERVICE_NAME: 'incident-orchestrator',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_NAMESPACE: 'TestOrchestrator',
  NODE_OPTIONS: '--enable-source-maps',
};

describe('OrchestratorStack', () => {
  let synthesized: SynthesizedStack;
  let functionIds: Record<string, string>;
  /** The same stack with a Cognito-style identity provider and a created table key. */
  let variant: SynthesizedStack;

  beforeAll(() => {
    synthesized = synthesizeTestStack({ runtimeUrl: 'https://runtime.example.com' });
    functionIds = synthesized.stack.functionLogicalIds();
    variant = synthesizeTestStack({
      jwtOrgClaim: 'custom:org',
      jwtRolesClaim: 'cognito:groups',
      logLevel: 'WARN',
      customerManagedKey: true,
    });
  });

  it('creates one Node.js 22 arm64 function per handler, traced, with its own role', () => {
    const { template } = synthesized;
    const functions = template.findResources('AWS::Lambda::Function');

    expect(Object.keys(functionIds)).toEqual(HANDLERS.map((handler) => handler.name));
    template.resourceCountIs('AWS::Lambda::Function', HANDLERS.length);
    for (const id of Object.values(functionIds)) {
      expect(propertiesOf(functions[id])).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/LogGroup/) } },
      });
    }
    const roles = Object.values(functions).map((fn) => JSON.stringify(propertiesOf(fn).Role));
    expect(new Set(roles).size).toBe(HANDLERS.length);
  });

  it('attaches no managed policy to any function role', () => {
    const roles = Object.values(synthesized.template.findResources('AWS::IAM::Role'));

    expect(roles.map((role) => propertiesOf(role).ManagedPolicyArns)).toEqual(
      roles.map(() => undefined),
    );
  });

  it('sizes each function: 512 MB for the authorizer, 128 MB for health, the run timeout', () => {
    const functions = synthesized.template.findResources('AWS::Lambda::Function');
    const sizing = (name: string) => {
      const { MemorySize, Timeout } = propertiesOf(functions[functionIds[name] ?? '']);
      return [MemorySize, Timeout];
    };

    expect(sizing('Authorizer')).toEqual([512, 10]);
    expect(sizing('Health')).toEqual([128, 5]);
    expect(sizing('Approve')).toEqual([256, 15]);
    expect(sizing('GetAudit')).toEqual([256, 10]);
    expect(sizing('RunPlaybook')).toEqual([256, 300]);
  });

  it('keeps every function log group for the configured retention', () => {
    const logGroups = Object.values(synthesized.template.findResources('AWS::Logs::LogGroup'));

    expect(logGroups.map((group) => propertiesOf(group).RetentionInDays)).toEqual(
      logGroups.map(() => 30),
    );
  });

  it('gives the authorizer the JWT settings and nothing about tables', () => {
    const environment = environmentOf(synthesized.template, functionIds.Authorizer ?? '');

    expect(environment).toEqual({
      JWT_ISSUER: 'https://issuer.example.com/',
      JWT_AUDIENCE: 'incident-orchestrator',
      JWT_JWKS_URL: 'https://issuer.example.com/.well-known/jwks.json',
      JWT_ALGORITHMS: 'ES256,RS256',
      ...POWERTOOLS,
    });
  });

  it('passes the organisation and roles claims when they are configured', () => {
    const id = variant.stack.functionLogicalIds().Authorizer ?? '';

    expect(environmentOf(variant.template, id)).toMatchObject({
      JWT_ORG_CLAIM: 'custom:org',
      JWT_ROLES_CLAIM: 'cognito:groups',
      POWERTOOLS_LOG_LEVEL: 'WARN',
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
      RUN_PLAYBOOK_TIMEOUT_SECONDS: '300',
      ...POWERTOOLS,
    });
  });

  it('names the state machine by ARN in policies, so functions never depend on it', () => {
    const { template, stack } = synthesized;
    const stateMachineId = stack.stateMachineLogicalId();

    const dependents = Object.entries({
      ...template.findResources('AWS::IAM::Policy'),
      ...template.findResources('AWS::Lambda::Function'),
    }).filter(
      ([id, resource]) =>
        !id.startsWith('Workflow') && JSON.stringify(resource).includes(stateMachineId),
    );

    expect(dependents.map(([id]) => id)).toEqual([]);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'TestOrchestrator-orchestration',
      StateMachineType: 'STANDARD',
    });
  });

  it('keeps both tables on demand, recoverable, protected from deletion and retained', () => {
    const { template } = synthesized;
    const keptTable = {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    };

    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.allResources('AWS::DynamoDB::Table', keptTable);
    // SSEEnabled false is DynamoDB's AWS owned key; the one KMS key is the alarm topic's.
    template.allResourcesProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: false },
    });
    template.resourceCountIs('AWS::KMS::Key', 1);
  });

  it('expires orchestration items by TTL on expiresAt and lists them through byOrg', () => {
    const tables = synthesized.template.findResources('AWS::DynamoDB::Table');
    const orchestrations = tables[synthesized.stack.tableLogicalIds().Orchestrations];
    const audit = tables[synthesized.stack.tableLogicalIds().Audit];

    expect(propertiesOf(orchestrations)).toMatchObject({
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
    expect(propertiesOf(audit).TimeToLiveSpecification).toBeUndefined();
  });

  it('encrypts both tables with a created, rotated and retained key when asked', () => {
    const { template } = variant;

    template.allResourcesProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('TablesTableKey'), 'Arn'] },
      },
    });
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true, RotationPeriodInDays: 365 }),
    });
  });

  it('encrypts both tables with a given key', () => {
    const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { template } = synthesizeTestStack({ encryptionKeyArn: keyArn });

    template.allResourcesProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn },
    });
  });

  it('outputs the API URL, both table names, the state machine and the alarm topic', () => {
    const { template, stack } = synthesized;
    const tables = stack.tableLogicalIds();

    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn',
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
