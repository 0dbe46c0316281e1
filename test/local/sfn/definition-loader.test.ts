import { describe, expect, it } from 'vitest';
import {
  type CloudFormationTemplate,
  localFunctionArn,
  logicalIdOfLocalFunctionArn,
  resolveStateMachines,
} from '../../../local/sfn/definition-loader';
import { DefinitionError } from '../../../local/sfn/sfn-errors';

const lambdaFunction = { Type: 'AWS::Lambda::Function', Properties: {} };

function templateWith(definitionString: unknown): CloudFormationTemplate {
  return {
    Resources: {
      Worker1A2B3C4D: lambdaFunction,
      Role9F8E7D6C: { Type: 'AWS::IAM::Role' },
      Machine5E6F7A8B: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: { DefinitionString: definitionString },
      },
    },
  };
}

describe('resolveStateMachines', () => {
  it('resolves an Fn::Join of strings, pseudo parameters and a Lambda Arn', () => {
    const template = templateWith({
      'Fn::Join': [
        '',
        [
          '{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"arn:',
          { Ref: 'AWS::Partition' },
          ':states:::lambda:invoke","Parameters":{"FunctionName":"',
          { 'Fn::GetAtt': ['Worker1A2B3C4D', 'Arn'] },
          '","Payload":{"where":"',
          { Ref: 'AWS::Region' },
          '/',
          { Ref: 'AWS::AccountId' },
          '/',
          { Ref: 'AWS::URLSuffix' },
          '"}},"End":true}}}',
        ],
      ],
    });

    const machines = resolveStateMachines(template, (id) => `bound:${id}`);

    expect(machines).toEqual([
      {
        logicalId: 'Machine5E6F7A8B',
        definition: {
          StartAt: 'Work',
          States: {
            Work: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: {
                FunctionName: 'bound:Worker1A2B3C4D',
                Payload: { where: 'us-east-1/000000000000/amazonaws.com' },
              },
              End: true,
            },
          },
        },
      },
    ]);
  });

  it('accepts a plain string definition and applies DefinitionSubstitutions', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation substitution
    const placeholder = '${greeting}';
    const template = templateWith(
      `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"${placeholder}","End":true}}}`,
    );
    const machine = template.Resources?.Machine5E6F7A8B;
    Object.assign(machine?.Properties ?? {}, { DefinitionSubstitutions: { greeting: 'hello' } });

    const [resolved] = resolveStateMachines(template, localFunctionArn);

    expect(resolved?.definition.States.P).toEqual({ Type: 'Pass', Result: 'hello', End: true });
  });

  it('names the intrinsic it cannot resolve', () => {
    const template = templateWith({ 'Fn::Join': ['', [{ 'Fn::ImportValue': 'SharedArn' }]] });

    expect(() => resolveStateMachines(template, localFunctionArn)).toThrow(
      /the intrinsic 'Fn::ImportValue' that the emulator cannot resolve/,
    );
  });

  it('refuses Fn::GetAtt of a resource that is not a Lambda function', () => {
    const template = templateWith({
      'Fn::Join': ['', [{ 'Fn::GetAtt': ['Role9F8E7D6C', 'Arn'] }]],
    });

    expect(() => resolveStateMachines(template, localFunctionArn)).toThrow(DefinitionError);
    expect(() => resolveStateMachines(template, localFunctionArn)).toThrow(/Role9F8E7D6C/);
  });

  it('refuses a Ref to anything but the supported pseudo parameters', () => {
    const template = templateWith({ 'Fn::Join': ['', [{ Ref: 'AWS::StackName' }]] });

    expect(() => resolveStateMachines(template, localFunctionArn)).toThrow(
      /Ref 'AWS::StackName', which the emulator cannot resolve/,
    );
  });

  it('returns no state machines for a template without any', () => {
    const template: CloudFormationTemplate = { Resources: { Worker1A2B3C4D: lambdaFunction } };

    expect(resolveStateMachines(template, localFunctionArn)).toEqual([]);
  });
});

describe('localFunctionArn', () => {
  it('round-trips a logical id through the local function ARN', () => {
    const arn = localFunctionArn('RunPlaybook5F3A');

    expect(arn).toBe('arn:aws:lambda:us-east-1:000000000000:function:RunPlaybook5F3A');
    expect(logicalIdOfLocalFunctionArn(arn)).toBe('RunPlaybook5F3A');
  });

  it('finds no logical id in an ARN from another account', () => {
    const foreign = 'arn:aws:lambda:eu-west-1:123456789012:function:RunPlaybook5F3A';

    expect(logicalIdOfLocalFunctionArn(foreign)).toBeUndefined();
  });
});
