import { afterEach, describe, expect, it } from 'vitest';
import { InterpreterHarness } from './fixtures/interpreter-harness';
import { type FunctionHandler, fn } from './fixtures/sfn-test-support';

class RuntimeUnavailableError extends Error {
  override readonly name = 'RuntimeUnavailable';
}

let harnesses: InterpreterHarness[] = [];

afterEach(async () => {
  await Promise.all(harnesses.map((harness) => harness.dispose()));
  harnesses = [];
});

async function open(
  raw: Record<string, unknown>,
  handlers: Record<string, FunctionHandler> = {},
): Promise<InterpreterHarness> {
  const harness = await InterpreterHarness.open(raw, handlers);
  harnesses.push(harness);
  return harness;
}

/** Every non-Task state type around an optimised and a bare Lambda task. */
const ALL_STATE_TYPES = {
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Pass',
      Parameters: {
        'orchestrationId.$': '$.id',
        'label.$': "States.Format('orch-{}', $.id)",
        'execution.$': '$$.Execution.Name',
      },
      ResultPath: '$.prepared',
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.mode', StringEquals: 'auto', Next: 'Pause' }],
      Default: 'Rejected',
    },
    Rejected: { Type: 'Fail', Error: 'WrongMode' },
    Pause: { Type: 'Wait', Seconds: 0, Next: 'Invoke' },
    Invoke: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: fn('Worker'), 'Payload.$': '$.prepared' },
      ResultSelector: { 'answer.$': '$.Payload.answer', 'status.$': '$.StatusCode' },
      ResultPath: '$.invoke',
      Next: 'Echo',
    },
    Echo: {
      Type: 'Task',
      Resource: fn('Echo'),
      InputPath: '$.invoke',
      ResultPath: '$.echo',
      Next: 'Done',
    },
    Done: { Type: 'Succeed', OutputPath: '$.echo' },
  },
};

describe('ExecutionInterpreter', () => {
  it('runs Pass, Choice, Wait and Lambda tasks to SUCCEEDED, counting states', async () => {
    const harness = await open(ALL_STATE_TYPES, {
      Worker: () => ({ answer: 42 }),
      Echo: (payload) => ({ echoed: payload }),
    });

    const record = await harness.settled(await harness.start({ id: 'o-1', mode: 'auto' }));

    expect(record).toMatchObject({ status: 'SUCCEEDED', stateTransitions: 6 });
    expect(JSON.parse(record.output ?? '')).toEqual({ echoed: { answer: 42, status: 200 } });
    expect(harness.functions.payloadsOf('Worker')).toEqual([
      { orchestrationId: 'o-1', label: 'orch-o-1', execution: 'run-1' },
    ]);
    expect(harness.interpreter.stats()).toMatchObject({
      stateTransitions: 6,
      lambdaInvocations: 2,
    });
  });

  it('retries with backoff capped by MaxDelaySeconds, then succeeds', async () => {
    let failures = 2;
    const harness = await open(
      {
        StartAt: 'Run playbook',
        States: {
          'Run playbook': {
            Type: 'Task',
            Resource: fn('Runtime'),
            Parameters: { 'retryCount.$': '$$.State.RetryCount' },
            Retry: [
              {
                ErrorEquals: ['RuntimeUnavailable'],
                IntervalSeconds: 1,
                BackoffRate: 2,
                MaxDelaySeconds: 1,
              },
            ],
            End: true,
          },
        },
      },
      {
        Runtime: () => {
          failures -= 1;
          if (failures >= 0) {
            throw new RuntimeUnavailableError('runtime down');
          }
          return { ran: true };
        },
      },
    );

    const startedAt = Date.now();
    const record = await harness.settled(await harness.start({}));
    const elapsed = Date.now() - startedAt;

    expect(record).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"ran":true}',
      stateTransitions: 1,
    });
    expect(harness.functions.payloadsOf('Runtime')).toEqual([
      { retryCount: 0 },
      { retryCount: 1 },
      { retryCount: 2 },
    ]);
    // Two waits of 1 s each: the second would be 2 s without MaxDelaySeconds.
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(2_900);
    expect(harness.interpreter.stats().retries).toBe(2);
  });

  it('sends the error to Catch once retries are spent, with Error and Cause', async () => {
    const harness = await open(
      {
        StartAt: 'Run playbook',
        States: {
          'Run playbook': {
            Type: 'Task',
            Resource: fn('Runtime'),
            Retry: [{ ErrorEquals: ['RuntimeUnavailable'], IntervalSeconds: 0, MaxAttempts: 1 }],
            Catch: [
              { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Record failure' },
            ],
            End: true,
          },
          'Record failure': { Type: 'Pass', End: true },
        },
      },
      {
        Runtime: () => {
          throw new RuntimeUnavailableError('runtime down');
        },
      },
    );

    const record = await harness.settled(await harness.start({ id: 'o-2' }));

    expect(record.status).toBe('SUCCEEDED');
    expect(JSON.parse(record.output ?? '')).toEqual({
      id: 'o-2',
      error: {
        Error: 'RuntimeUnavailable',
        Cause: '{"errorType":"RuntimeUnavailable","errorMessage":"runtime down"}',
      },
    });
    expect(harness.functions.calls).toHaveLength(2);
  });

  it('fails with Error "Error" when a plain Error escapes a task without Catch', async () => {
    const harness = await open(
      { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: fn('Broken'), End: true } } },
      {
        Broken: () => {
          throw new Error('boom');
        },
      },
    );

    const record = await harness.settled(await harness.start({}));

    expect(record).toMatchObject({
      status: 'FAILED',
      error: 'Error',
      cause: '{"errorType":"Error","errorMessage":"boom"}',
    });
  });

  it('fails with the Error and Cause of a Fail state', async () => {
    const harness = await open({
      StartAt: 'Stop',
      States: { Stop: { Type: 'Fail', Error: 'PlaybookFailed', Cause: 'step 3 failed' } },
    });

    const record = await harness.settled(await harness.start({}));

    expect(record).toMatchObject({
      status: 'FAILED',
      error: 'PlaybookFailed',
      cause: 'step 3 failed',
    });
  });

  it('fails with States.Runtime past any Catch when InputPath finds nothing', async () => {
    const harness = await open(
      {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: fn('Worker'),
            InputPath: '$.missing',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Succeed' },
        },
      },
      { Worker: () => ({}) },
    );

    const record = await harness.settled(await harness.start({ present: 1 }));

    expect(record).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(harness.functions.calls).toEqual([]);
  });

  it('times the execution out after the state machine TimeoutSeconds', async () => {
    const harness = await open({
      TimeoutSeconds: 1,
      StartAt: 'Pause',
      States: { Pause: { Type: 'Wait', Seconds: 30, End: true } },
    });

    const startedAt = Date.now();
    const record = await harness.settled(await harness.start({}));

    expect(record).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });
});
