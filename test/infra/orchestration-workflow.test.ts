import { createRequire } from 'node:module';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  functionArnOf,
  resolveDefinition,
  type StateMachineDefinition,
} from './definition-resolver';
import { synthesizeTestStack } from './stack-fixture';
import { propertiesOf } from './template-queries';

/** The part of asl-validator's result the test reads (the package ships no types). */
type AslValidator = (definition: unknown) => { isValid: boolean; errors: unknown[] };

const validateAsl = createRequire(import.meta.url)('asl-validator') as AslValidator;

const LAMBDA_SERVICE_RETRY = {
  ErrorEquals: [
    'Lambda.ClientExecutionTimeoutException',
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
  ],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
};

describe('OrchestrationWorkflow', () => {
  let definition: StateMachineDefinition;
  let functionIds: Record<string, string>;
  let template: Template;

  beforeAll(() => {
    const synthesized = synthesizeTestStack({
      approvalWindowSeconds: 7_200,
      executionWindowSeconds: 1_800,
      runPlaybookTimeoutSeconds: 120,
    });
    const { stack } = synthesized;
    template = synthesized.template;
    const machine = template.findResources('AWS::StepFunctions::StateMachine');

    definition = resolveDefinition(propertiesOf(Object.values(machine)[0]).DefinitionString);
    functionIds = stack.functionLogicalIds();
  });

  it('passes asl-validator once the Fn::Join is resolved', () => {
    const result = validateAsl(definition);

    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('routes auto mode to RunPlaybook and everything else to AwaitApproval', () => {
    expect(definition.StartAt).toBe('RouteByMode');
    expect(definition.States.RouteByMode).toEqual({
      Type: 'Choice',
      QueryLanguage: 'JSONPath',
      Choices: [{ Variable: '$.mode', StringEquals: 'auto', Next: 'RunPlaybook' }],
      Default: 'AwaitApproval',
    });
  });

  it('parks the approval task token for the approval window', () => {
    expect(definition.States.AwaitApproval).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      TimeoutSeconds: 7_200,
      ResultPath: '$.approval',
      Next: 'AwaitExecution',
      Parameters: {
        FunctionName: functionArnOf(functionIds.ParkTaskToken ?? ''),
        Payload: {
          'orchestrationId.$': '$.orchestrationId',
          stage: 'approval',
          'taskToken.$': '$$.Task.Token',
        },
      },
      Catch: [
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'ExpireApproval' },
        { ErrorEquals: ['Rejected'], ResultPath: '$.error', Next: 'Rejected' },
      ],
    });
  });

  it('parks the execution task token for the execution window', () => {
    expect(definition.States.AwaitExecution).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      TimeoutSeconds: 1_800,
      ResultPath: '$.release',
      Next: 'RunPlaybook',
      Parameters: { Payload: { stage: 'execution', 'taskToken.$': '$$.Task.Token' } },
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'ExpireExecution' }],
    });
  });

  it('ends as Expired only when RecordExpiry confirms the window closed', () => {
    expect(definition.States.ExpireApproval).toMatchObject({
      Resource: functionArnOf(functionIds.RecordExpiry ?? ''),
      Parameters: { 'orchestrationId.$': '$.orchestrationId', stage: 'approval' },
      ResultPath: '$.expiry',
      Next: 'ApprovalExpired?',
    });
    expect(definition.States['ApprovalExpired?']).toEqual({
      Type: 'Choice',
      QueryLanguage: 'JSONPath',
      Choices: [{ Variable: '$.expiry.expired', BooleanEquals: true, Next: 'Expired' }],
      Default: 'AwaitExecution',
    });
    expect(definition.States['ExecutionExpired?']).toMatchObject({ Default: 'RunPlaybook' });
  });

  it('retries RuntimeUnavailable with jittered backoff and records any other failure', () => {
    expect(definition.States.RunPlaybook).toEqual({
      Type: 'Task',
      QueryLanguage: 'JSONPath',
      Resource: functionArnOf(functionIds.RunPlaybook ?? ''),
      Parameters: { 'orchestrationId.$': '$.orchestrationId', 'attempt.$': '$$.State.RetryCount' },
      TimeoutSeconds: 120,
      ResultPath: '$.run',
      End: true,
      Retry: [
        LAMBDA_SERVICE_RETRY,
        {
          ErrorEquals: ['RuntimeUnavailable'],
          IntervalSeconds: 2,
          MaxAttempts: 3,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }],
    });
  });

  it('fails as PlaybookFailed after RecordFailure records the error', () => {
    expect(definition.States.RecordFailure).toMatchObject({
      Resource: functionArnOf(functionIds.RecordFailure ?? ''),
      Parameters: { 'orchestrationId.$': '$.orchestrationId', 'error.$': '$.error' },
      Next: 'PlaybookFailed',
    });
    expect(definition.States.PlaybookFailed).toEqual({
      Type: 'Fail',
      QueryLanguage: 'JSONPath',
      Error: 'PlaybookFailed',
    });
    expect(definition.States.Rejected).toEqual({ Type: 'Succeed', QueryLanguage: 'JSONPath' });
  });

  it('logs every execution event without the execution data that carries task tokens', () => {
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    const logging = propertiesOf(machine).LoggingConfiguration as {
      Destinations: Array<{ CloudWatchLogsLogGroup: { LogGroupArn: Record<string, string[]> } }>;
    };
    const logGroupId =
      logging.Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt']?.[0];

    expect(logging).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(propertiesOf(machine).TracingConfiguration).toEqual({ Enabled: true });
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId ?? '']).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        LogGroupName: '/aws/vendedlogs/states/TestOrchestrator-orchestration',
        RetentionInDays: 30,
      },
    });
  });
});
