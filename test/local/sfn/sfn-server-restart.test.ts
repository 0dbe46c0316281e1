import {
  DescribeExecutionCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedStateMachine } from '../../../local/sfn/definition-loader';
import { type StepFunctionsServer, startStepFunctionsServer } from '../../../local/sfn/sfn-server';
import {
  definition,
  type FunctionHandler,
  fn,
  makeTempDir,
  RecordingFunctions,
  removeDir,
  sfnClient,
  waitFor,
} from './fixtures/sfn-test-support';

const never = () => new Promise<never>(() => undefined);

function approvalMachine(extra: Record<string, unknown> = {}): ResolvedStateMachine {
  return {
    logicalId: 'Approval',
    definition: definition({
      StartAt: 'Await approval',
      States: {
        'Await approval': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: fn('Park'), Payload: { 'token.$': '$$.Task.Token' } },
          ResultPath: '$.approval',
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Expired' }],
          Next: 'Run playbook',
          ...extra,
        },
        'Run playbook': { Type: 'Task', Resource: fn('Runtime'), ResultPath: '$.run', End: true },
        Expired: { Type: 'Pass', End: true },
      },
    }),
  };
}

function pauseMachine(raw: Record<string, unknown>): ResolvedStateMachine {
  return {
    logicalId: 'Pause',
    definition: definition({ StartAt: 'Pause', States: { Pause: { ...raw, End: true } } }),
  };
}

let dataDir: string;
let running: Array<{ server: StepFunctionsServer; client: SFNClient }> = [];

beforeEach(async () => {
  dataDir = await makeTempDir('sfn-restart');
});

afterEach(async () => {
  for (const { server, client } of running) {
    client.destroy();
    await server.close();
  }
  running = [];
  await removeDir(dataDir);
});

async function boot(
  machine: ResolvedStateMachine,
  handlers: Record<string, FunctionHandler>,
): Promise<{ server: StepFunctionsServer; client: SFNClient; functions: RecordingFunctions }> {
  const functions = new RecordingFunctions(handlers);
  const server = await startStepFunctionsServer({
    dataDir,
    stateMachines: [machine],
    invokeFunction: functions.invoke,
  });
  const client = sfnClient(server.endpoint);

  running.push({ server, client });
  return { server, client, functions };
}

async function shutDown(server: StepFunctionsServer): Promise<void> {
  const entry = running.find((candidate) => candidate.server === server);
  running = running.filter((candidate) => candidate !== entry);

  entry?.client.destroy();
  await server.close();
}

async function start(
  client: SFNClient,
  server: StepFunctionsServer,
  input = '{}',
): Promise<string> {
  const stateMachineArn = Object.values(server.stateMachineArns)[0];
  const { executionArn } = await client.send(
    new StartExecutionCommand({ stateMachineArn, name: 'orch-1', input }),
  );

  return executionArn ?? '';
}

function closedExecution(client: SFNClient, executionArn: string) {
  return waitFor(async () => {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === 'RUNNING' ? undefined : described;
  });
}

function tokenOf(functions: RecordingFunctions): Promise<string> {
  return waitFor(() => {
    const [payload] = functions.payloadsOf('Park');
    return payload === undefined ? undefined : String((payload as { token: unknown }).token);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startStepFunctionsServer after a restart', () => {
  it('completes an execution waiting for a token when the old token arrives', async () => {
    const machine = approvalMachine();
    const first = await boot(machine, { Park: () => ({}) });
    const arn = await start(first.client, first.server, '{"id":"o-1"}');
    const token = await tokenOf(first.functions);
    await shutDown(first.server);

    const second = await boot(machine, { Park: () => ({}), Runtime: () => 'ran' });
    await second.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":1}' }));
    const described = await closedExecution(second.client, arn);

    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toEqual({
      id: 'o-1',
      approval: { ok: 1 },
      run: 'ran',
    });
    expect(second.functions.payloadsOf('Park')).toEqual([]);
    expect(second.server.executionTransitions(arn)).toBe(2);
  });

  it('fires a task timeout whose deadline passed while the emulator was down', async () => {
    const machine = approvalMachine({ TimeoutSeconds: 1 });
    const first = await boot(machine, { Park: () => ({}) });
    const arn = await start(first.client, first.server);
    const token = await tokenOf(first.functions);
    await shutDown(first.server);
    await sleep(1_200);

    const second = await boot(machine, { Park: () => ({}) });
    const described = await closedExecution(second.client, arn);
    const late = second.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));

    expect(JSON.parse(described.output ?? '')).toMatchObject({
      error: { Error: 'States.Timeout' },
    });
    await expect(late).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect(second.functions.calls).toEqual([]);
  });

  it('calls again, with the same token, a function that was running at shutdown', async () => {
    const machine = approvalMachine();
    const first = await boot(machine, { Park: never });
    const arn = await start(first.client, first.server);
    const token = await tokenOf(first.functions);
    await shutDown(first.server);

    const second = await boot(machine, { Park: () => ({}), Runtime: () => 'ran' });
    const resent = await tokenOf(second.functions);
    await second.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));

    expect(resent).toBe(token);
    expect((await closedExecution(second.client, arn)).status).toBe('SUCCEEDED');
  });

  it('runs again a plain Lambda task whose call was in flight', async () => {
    const machine = pauseMachine({ Type: 'Task', Resource: fn('Runtime') });
    const first = await boot(machine, { Runtime: never });
    const arn = await start(first.client, first.server, '{"step":1}');
    await waitFor(() => first.functions.calls[0]);
    await shutDown(first.server);

    const second = await boot(machine, { Runtime: (payload) => ({ reran: payload }) });
    const described = await closedExecution(second.client, arn);

    expect(described.output).toBe('{"reran":{"step":1}}');
  });

  it('ends a Wait state at its original time', async () => {
    const machine = pauseMachine({ Type: 'Wait', Seconds: 1 });
    const first = await boot(machine, {});
    const arn = await start(first.client, first.server);
    await shutDown(first.server);
    await sleep(1_100);

    const restartedAt = Date.now();
    const second = await boot(machine, {});
    const described = await closedExecution(second.client, arn);

    expect(described.status).toBe('SUCCEEDED');
    expect(Date.now() - restartedAt).toBeLessThan(900);
  });

  it('times an execution out whose TimeoutSeconds ran out during the shutdown', async () => {
    const machine: ResolvedStateMachine = {
      logicalId: 'Slow',
      definition: definition({
        TimeoutSeconds: 1,
        StartAt: 'Pause',
        States: { Pause: { Type: 'Wait', Seconds: 60, End: true } },
      }),
    };
    const first = await boot(machine, {});
    const arn = await start(first.client, first.server);
    await shutDown(first.server);
    await sleep(1_100);

    const second = await boot(machine, {});
    const described = await closedExecution(second.client, arn);

    expect(described).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
  });
});
