import { afterEach, describe, expect, it } from 'vitest';
import { InterpreterHarness } from './fixtures/interpreter-harness';
import { type FunctionHandler, fn } from './fixtures/sfn-test-support';

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

const awaitApproval = (extra: Record<string, unknown> = {}) => ({
  StartAt: 'Await approval',
  States: {
    'Await approval': {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: fn('Park'), Payload: { 'token.$': '$$.Task.Token' } },
      ResultPath: '$.approval',
      Catch: [
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Expired' },
        { ErrorEquals: ['Rejected'], ResultPath: '$.error', Next: 'Rejected' },
      ],
      End: true,
      ...extra,
    },
    Expired: { Type: 'Pass', End: true },
    Rejected: { Type: 'Pass', End: true },
  },
});

describe('ExecutionInterpreter with task tokens', () => {
  it('continues with the SendTaskSuccess output, then treats the token as closed', async () => {
    const harness = await open(awaitApproval(), { Park: () => ({ ignored: true }) });
    const started = await harness.start({ id: 'o-3' });
    const token = await harness.tokenSentTo('Park');

    const status = await harness.interpreter.completeTask(token, {
      kind: 'success',
      output: { approved: true },
    });
    const record = await harness.settled(started);

    expect(token.length).toBeGreaterThanOrEqual(64);
    expect(status).toBe('accepted');
    expect(JSON.parse(record.output ?? '')).toEqual({ id: 'o-3', approval: { approved: true } });
    expect(await harness.interpreter.completeTask(token, { kind: 'success', output: {} })).toBe(
      'closed',
    );
  });

  it('routes SendTaskFailure to Catch with its error and cause', async () => {
    const harness = await open(awaitApproval(), { Park: () => ({}) });
    const started = await harness.start({});
    const token = await harness.tokenSentTo('Park');

    await harness.interpreter.completeTask(token, {
      kind: 'failure',
      error: 'Rejected',
      cause: 'too risky',
    });
    const record = await harness.settled(started);

    expect(JSON.parse(record.output ?? '')).toEqual({
      error: { Error: 'Rejected', Cause: 'too risky' },
    });
    expect(record.history.map((event) => event.type)).toContain('PassStateEntered');
  });

  it('raises States.Timeout when no token arrives within TimeoutSeconds', async () => {
    const harness = await open(awaitApproval({ TimeoutSeconds: 1 }), { Park: () => ({}) });
    const started = await harness.start({});
    const token = await harness.tokenSentTo('Park');

    const record = await harness.settled(started);

    expect(JSON.parse(record.output ?? '')).toMatchObject({ error: { Error: 'States.Timeout' } });
    expect(harness.interpreter.lookupToken(token)).toEqual({ status: 'closed' });
  });

  it('accepts the token from the function that received it before it returns', async () => {
    let harness: InterpreterHarness | undefined;
    harness = await open(awaitApproval(), {
      Park: async (payload) => {
        const token = String((payload as { token: unknown }).token);
        await harness?.interpreter.completeTask(token, {
          kind: 'success',
          output: { early: true },
        });
        return {};
      },
    });

    const record = await harness.settled(await harness.start({}));

    expect(JSON.parse(record.output ?? '')).toEqual({ approval: { early: true } });
    expect(harness.functions.calls).toHaveLength(1);
  });

  it('keeps a task alive while heartbeats arrive and times it out when they stop', async () => {
    const harness = await open(awaitApproval({ TimeoutSeconds: 10, HeartbeatSeconds: 1 }), {
      Park: () => ({}),
    });
    const started = await harness.start({});
    const token = await harness.tokenSentTo('Park');

    await new Promise((resolve) => setTimeout(resolve, 600));
    await harness.interpreter.heartbeat(token);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const stillPending = harness.interpreter.lookupToken(token).status;
    const record = await harness.settled(started);

    expect(stillPending).toBe('pending');
    expect(JSON.parse(record.output ?? '')).toMatchObject({
      error: { Error: 'States.HeartbeatTimeout' },
    });
  });

  it('aborts a stopped execution and closes its pending token', async () => {
    const harness = await open(awaitApproval(), { Park: () => ({}) });
    const started = await harness.start({});
    const token = await harness.tokenSentTo('Park');

    const stopped = await harness.interpreter.stopExecution(started.executionArn, {
      error: 'Cancelled',
      cause: 'cancelled by the requester',
    });

    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Cancelled' });
    expect(harness.interpreter.lookupToken(token)).toEqual({ status: 'closed' });
  });
});
