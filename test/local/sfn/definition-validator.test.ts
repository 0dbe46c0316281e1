import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../../local/sfn/definition-validator';
import { DefinitionError } from '../../../local/sfn/sfn-errors';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:Worker';

function machineWith(states: Record<string, unknown>, startAt = 'First'): Record<string, unknown> {
  return { StartAt: startAt, States: states };
}

function refusal(definition: unknown): string {
  try {
    validateDefinition(definition, 'Orchestration');
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('The definition was accepted');
}

describe('validateDefinition', () => {
  it('accepts every supported state type and field and returns the definition unchanged', () => {
    const definition = {
      Comment: 'all supported features',
      TimeoutSeconds: 60,
      StartAt: 'Prepare',
      States: {
        Prepare: {
          Type: 'Pass',
          Parameters: {
            'greeting.$': "States.Format('Hello {}', $.name)",
            'items.$': 'States.Array($.a, States.JsonToString($.b))',
            'parsed.$': 'States.StringToJson(\'\\{"x":1\\}\')',
            'execution.$': '$$.Execution.Id',
          },
          ResultPath: '$.prepared',
          Next: 'Route',
        },
        Route: {
          Type: 'Choice',
          Choices: [
            {
              And: [
                { Variable: '$.count', NumericGreaterThanEquals: 1 },
                { Not: { Variable: '$.name', StringMatches: 'test-*' } },
              ],
              Next: 'Call',
            },
          ],
          Default: 'Pause',
        },
        Pause: { Type: 'Wait', SecondsPath: '$.delay', Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: FUNCTION_ARN, Payload: { 'token.$': '$$.Task.Token' } },
          ResultSelector: { 'status.$': '$.status' },
          ResultPath: '$.result',
          OutputPath: '$',
          TimeoutSeconds: 10,
          HeartbeatSeconds: 5,
          Retry: [
            { ErrorEquals: ['RuntimeUnavailable'], IntervalSeconds: 1, JitterStrategy: 'FULL' },
            { ErrorEquals: ['States.ALL'], MaxAttempts: 1, MaxDelaySeconds: 3, BackoffRate: 1.5 },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Broken' }],
          Next: 'Done',
        },
        Broken: { Type: 'Fail', Error: 'CallFailed', Cause: 'the call failed' },
        Done: { Type: 'Succeed', OutputPath: '$.result' },
      },
    };

    expect(validateDefinition(structuredClone(definition), 'Orchestration')).toEqual(definition);
  });

  it('refuses a Map state, naming the state and the supported types', () => {
    const message = refusal(
      machineWith({
        First: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
          End: true,
        },
      }),
    );

    expect(message).toContain(
      "State machine 'Orchestration' uses what the emulator does not support",
    );
    expect(message).toContain(
      "state 'First': Type 'Map' is not supported by the emulator " +
        '(supported: Task, Pass, Wait, Choice, Succeed, Fail)',
    );
  });

  it('refuses a Parallel state', () => {
    const branch = { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } };

    const message = refusal(
      machineWith({ First: { Type: 'Parallel', Branches: [branch], End: true } }),
    );

    expect(message).toContain("state 'First': Type 'Parallel' is not supported");
  });

  it('names the state and field of an unsupported Task field', () => {
    const message = refusal(
      machineWith({
        First: { Type: 'Task', Resource: FUNCTION_ARN, TimeoutSecondsPath: '$.timeout', End: true },
      }),
    );

    expect(message).toContain(
      "state 'First': field 'TimeoutSecondsPath' is not supported by the emulator",
    );
  });

  it('names the nested rule of an unsupported Choice comparator', () => {
    const choice = {
      Type: 'Choice',
      Choices: [{ Or: [{ Variable: '$.a', StringGreaterThan: 'm' }], Next: 'Done' }],
    };

    const message = refusal(machineWith({ First: choice, Done: { Type: 'Succeed' } }));

    expect(message).toContain(
      "state 'First': field 'Choices[0].Or[0].StringGreaterThan' is not supported",
    );
  });

  it('refuses an intrinsic function the emulator does not evaluate', () => {
    const message = refusal(
      machineWith({
        First: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, 1)' }, End: true },
      }),
    );

    expect(message).toContain(
      "state 'First': field 'Parameters.sum.$': " +
        "intrinsic function 'States.MathAdd' is not supported",
    );
  });

  it('refuses wildcard and filter paths', () => {
    const message = refusal(
      machineWith({
        First: { Type: 'Pass', InputPath: '$.items[*].id', Next: 'Second' },
        Second: { Type: 'Pass', Parameters: { 'x.$': '$..name' }, End: true },
      }),
    );

    expect(message).toContain(
      "state 'First': field 'InputPath': path '$.items[*].id' is not supported",
    );
    expect(message).toContain(
      "state 'Second': field 'Parameters.x.$': path '$..name' is not supported",
    );
  });

  it('refuses a context path the emulator does not provide', () => {
    const message = refusal(
      machineWith({
        First: { Type: 'Pass', Parameters: { 'item.$': '$$.Map.Item.Value' }, End: true },
      }),
    );

    expect(message).toContain(
      "field 'Parameters.item.$': context path '$$.Map.Item.Value' is not supported",
    );
  });

  it('refuses States.ALL anywhere but alone in the last Retry entry', () => {
    const message = refusal(
      machineWith({
        First: {
          Type: 'Task',
          Resource: FUNCTION_ARN,
          Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['RuntimeUnavailable'] }],
          End: true,
        },
      }),
    );

    expect(message).toContain(
      "field 'Retry[0].ErrorEquals': States.ALL must be alone, in the last entry",
    );
  });

  it('refuses a Task resource other than Lambda', () => {
    const resource = 'arn:aws:states:::dynamodb:putItem';

    const message = refusal(
      machineWith({ First: { Type: 'Task', Resource: resource, End: true } }),
    );

    expect(message).toContain(`state 'First': field 'Resource': '${resource}' is not supported`);
  });

  it('refuses the JSONata query language', () => {
    const message = refusal({
      ...machineWith({ First: { Type: 'Pass', End: true } }),
      QueryLanguage: 'JSONata',
    });

    expect(message).toContain("top level: field 'QueryLanguage'");
  });

  it('refuses a definition that is not a JSON object', () => {
    expect(refusal(['StartAt'])).toContain('the definition is not a JSON object');
  });

  it('reports what asl-validator finds, such as a missing transition target', () => {
    const message = refusal(machineWith({ First: { Type: 'Pass', Next: 'Nowhere' } }));

    expect(message).toContain("State machine 'Orchestration' is not valid Amazon States Language");
    expect(message).toContain('MISSING_TRANSITION_TARGET');
  });
});
