import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorLogger } from '../../../local/sfn/emulator-logger';
import { type StepFunctionsServer, startStepFunctionsServer } from '../../../local/sfn/sfn-server';
import {
  definition,
  fn,
  makeTempDir,
  RecordingFunctions,
  removeDir,
  sfnClient,
  waitFor,
} from './fixtures/sfn-test-support';

const logLines: string[] = [];
const capturingLogger: EmulatorLogger = {
  info: (message, attributes) => logLines.push(JSON.stringify({ message, ...attributes })),
  warn: (message, attributes) => logLines.push(JSON.stringify({ message, ...attributes })),
  error: (message, attributes) => logLines.push(JSON.stringify({ message, ...attributes })),
};

const functions = new RecordingFunctions({ Park: () => ({}) });
let dataDir: string;
let server: StepFunctionsServer;
let sfn: SFNClient;
let approvalArn: string;
let quickArn: string;

beforeAll(async () => {
  dataDir = await makeTempDir('sfn-server');
  server = await startStepFunctionsServer({
    dataDir,
    logger: capturingLogger,
    invokeFunction: functions.invoke,
    stateMachines: [
      {
        logicalId: 'Approval',
        definition: definition({
          StartAt: 'Await approval',
          States: {
            'Await approval': {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
              Parameters: {
                FunctionName: fn('Park'),
                Payload: { 'token.$': '$$.Task.Token', 'id.$': '$.id' },
              },
              ResultPath: '$.approval',
              End: true,
            },
          },
        }),
      },
      {
        logicalId: 'Quick',
        definition: definition({
          StartAt: 'Label',
          States: {
            Label: { Type: 'Pass', Result: 'done', ResultPath: '$.label', Next: 'Done' },
            Done: { Type: 'Succeed' },
          },
        }),
      },
    ],
  });
  sfn = sfnClient(server.endpoint);
  approvalArn = server.stateMachineArns.Approval ?? '';
  quickArn = server.stateMachineArns.Quick ?? '';
});

afterAll(async () => {
  sfn.destroy();
  await server.close();
  await removeDir(dataDir);
});

async function startApproval(name: string, id: string): Promise<{ arn: string; token: string }> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: approvalArn,
      name,
      input: JSON.stringify({ id }),
    }),
  );
  const token = await waitFor(() => {
    const payload = functions.payloadsOf('Park').find((sent) => (sent as { id: string }).id === id);
    return payload === undefined ? undefined : String((payload as { token: string }).token);
  });

  return { arn: executionArn ?? '', token };
}

function statusOf(executionArn: string, wanted: string): Promise<string> {
  return waitFor(async () => {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return status === wanted ? status : undefined;
  });
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) {
      return error;
    }
  }
  throw new Error('The call succeeded');
}

describe('startStepFunctionsServer', () => {
  it('runs an execution that the SDK can describe, list and read the history of', async () => {
    const { executionArn = '' } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: quickArn, name: 'quick-1', input: '{"id":1}' }),
    );
    await statusOf(executionArn, 'SUCCEEDED');

    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const listed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: quickArn, statusFilter: 'SUCCEEDED' }),
    );
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));

    expect(executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:Quick:quick-1');
    expect(described).toMatchObject({
      name: 'quick-1',
      input: '{"id":1}',
      output: '{"id":1,"label":"done"}',
    });
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(listed.executions?.map((execution) => execution.name)).toEqual(['quick-1']);
    expect(history.events?.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(server.executionTransitions(executionArn)).toBe(2);
  });

  it('answers a repeated start (same name and input) with the running execution', async () => {
    const first = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: approvalArn,
        name: 'orch-7',
        input: '{"id":"7"}',
      }),
    );

    const again = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: approvalArn,
        name: 'orch-7',
        input: '{"id":"7"}',
      }),
    );

    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
  });

  it('refuses a reused name with another input, or once the execution has closed', async () => {
    const start = (input: string) =>
      sfn.send(new StartExecutionCommand({ stateMachineArn: approvalArn, name: 'orch-8', input }));
    const { executionArn } = await start('{"id":"8"}');

    const otherInput = await errorOf(start('{"id":"other"}'));
    await sfn.send(new StopExecutionCommand({ executionArn }));
    const afterStop = await errorOf(start('{"id":"8"}'));

    expect(otherInput).toBeInstanceOf(ExecutionAlreadyExists);
    expect(afterStop.name).toBe('ExecutionAlreadyExists');
  });

  it('answers bad requests with the AWS error codes the SDK surfaces as names', async () => {
    const missingMachine = quickArn.replace('Quick', 'Missing');
    const missingExecution = 'arn:aws:states:us-east-1:000000000000:execution:Quick:nope';

    const names = await Promise.all([
      errorOf(sfn.send(new StartExecutionCommand({ stateMachineArn: missingMachine }))),
      errorOf(sfn.send(new StartExecutionCommand({ stateMachineArn: quickArn, name: 'a b' }))),
      errorOf(sfn.send(new StartExecutionCommand({ stateMachineArn: quickArn, input: '{oops' }))),
      errorOf(sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }))),
      errorOf(sfn.send(new DescribeExecutionCommand({ executionArn: missingExecution }))),
      errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: 'short', output: '{}' }))),
      errorOf(sfn.send(new SendTaskSuccessCommand({ taskToken: 'A'.repeat(86), output: '{}' }))),
    ]);

    expect(names.map((error) => error.name)).toEqual([
      'StateMachineDoesNotExist',
      'InvalidName',
      'InvalidExecutionInput',
      'InvalidArn',
      'ExecutionDoesNotExist',
      'InvalidToken',
      'InvalidToken',
    ]);
  });

  it('completes a task token once; a second SendTaskSuccess gets TaskTimedOut', async () => {
    const { arn, token } = await startApproval('orch-9', '9');

    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    await statusOf(arn, 'SUCCEEDED');
    const second = await errorOf(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' })),
    );

    const { output } = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(JSON.parse(output ?? '')).toEqual({ id: '9', approval: { approved: true } });
    expect(second).toBeInstanceOf(TaskTimedOut);
    expect(second.name).toBe('TaskTimedOut');
  });

  it('fails the execution with the error and cause of SendTaskFailure', async () => {
    const { arn, token } = await startApproval('orch-10', '10');

    await sfn.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'no' }),
    );
    await statusOf(arn, 'FAILED');

    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(described).toMatchObject({ error: 'Rejected', cause: 'no' });
  });

  it('aborts a stopped execution and answers TaskTimedOut for its token', async () => {
    const { arn, token } = await startApproval('orch-11', '11');

    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn: arn, error: 'Cancelled' }),
    );
    const late = await errorOf(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    );

    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Cancelled' });
    expect(stopped.stopDate).toEqual(described.stopDate);
    expect(late.name).toBe('TaskTimedOut');
  });

  it('keeps task tokens out of its logs, its history and, once used, its data files', async () => {
    const { arn, token } = await startApproval('orch-12', '12');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    await statusOf(arn, 'SUCCEEDED');

    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn }));
    const files = await readdir(dataDir);
    const file = files.find((name) => name.includes('orch-12')) ?? '';

    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(token);
    expect(JSON.stringify(history.events)).not.toContain(token);
    expect(await readFile(join(dataDir, file), 'utf8')).not.toContain(token);
  });

  it('describes and lists its state machines', async () => {
    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: quickArn }),
    );
    const listed = await sfn.send(new ListStateMachinesCommand({}));

    expect(described).toMatchObject({ name: 'Quick', status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(described.definition ?? '')).toMatchObject({ StartAt: 'Label' });
    expect(listed.stateMachines?.map((machine) => machine.stateMachineArn)).toEqual([
      approvalArn,
      quickArn,
    ]);
  });

  it('answers an unknown operation with 400 and the JSON 1.0 error body', async () => {
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.CreateStateMachine',
      },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await response.json()).toEqual({
      __type: 'com.amazonaws.states#UnknownOperationException',
      message: "Unknown operation 'CreateStateMachine'",
    });
  });

  it('counts the state transitions of every execution it runs', async () => {
    const before = server.stats().stateTransitions;

    const { executionArn = '' } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: quickArn }),
    );
    await statusOf(executionArn, 'SUCCEEDED');

    expect(server.stats().stateTransitions - before).toBe(2);
  });
});
