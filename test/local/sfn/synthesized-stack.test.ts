import {
  DescribeExecutionCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  localFunctionArn,
  type ResolvedStateMachine,
  resolveStateMachines,
} from '../../../local/sfn/definition-loader';
import { type StepFunctionsServer, startStepFunctionsServer } from '../../../local/sfn/sfn-server';
import { type FixtureStack, synthesizeFixtureStack } from './fixtures/cdk-fixture-stack';
import {
  makeTempDir,
  RecordingFunctions,
  removeDir,
  sfnClient,
  waitFor,
} from './fixtures/sfn-test-support';

class RuntimeUnavailableError extends Error {
  override readonly name = 'RuntimeUnavailable';
}

let fixture: FixtureStack;
let functions: RecordingFunctions;
let dataDir: string;
let server: StepFunctionsServer;
let sfn: SFNClient;
let stateMachineArn: string;
let machines: ResolvedStateMachine[];

beforeAll(async () => {
  fixture = synthesizeFixtureStack();
  functions = new RecordingFunctions({
    [fixture.parkTokenFunctionId]: () => ({ parked: true }),
    [fixture.runPlaybookFunctionId]: (payload) => {
      if ((payload as { playbook?: string }).playbook === 'flaky') {
        throw new RuntimeUnavailableError('runtime agent unreachable');
      }
      return { ran: true };
    },
    [fixture.finishFunctionId]: (payload) => ({ finished: payload }),
  });
  machines = resolveStateMachines(fixture.template, localFunctionArn);
  dataDir = await makeTempDir('sfn-synth');
  server = await startStepFunctionsServer({
    dataDir,
    stateMachines: machines,
    invokeFunction: functions.invoke,
  });
  sfn = sfnClient(server.endpoint);
  stateMachineArn = server.stateMachineArns[fixture.stateMachineId] ?? '';
});

afterAll(async () => {
  sfn.destroy();
  await server.close();
  await removeDir(dataDir);
});

async function startWith(name: string, input: Record<string, unknown>): Promise<string> {
  const started = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
  );

  return started.executionArn ?? '';
}

function closed(executionArn: string) {
  return waitFor(async () => {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === 'RUNNING' ? undefined : described;
  });
}

describe('the emulator running a synthesized CDK stack', () => {
  it('waits for approval through a task token, then runs and finishes the playbook', async () => {
    const arn = await startWith('manual-1', { mode: 'manual', orchestrationId: 'o-1' });
    const token = await waitFor(() => {
      const [payload] = functions.payloadsOf(fixture.parkTokenFunctionId);
      return (payload as { taskToken?: string } | undefined)?.taskToken;
    });

    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    const described = await closed(arn);

    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '')).toEqual({
      finished: {
        mode: 'manual',
        orchestrationId: 'o-1',
        approval: { approved: true },
        run: { ran: true },
      },
    });
    expect(server.executionTransitions(arn)).toBe(4);
  });

  it('retries the playbook run once, then goes to its Catch and fails', async () => {
    const arn = await startWith('auto-1', { mode: 'auto', playbook: 'flaky' });

    const described = await closed(arn);

    expect(described).toMatchObject({ status: 'FAILED', error: 'PlaybookFailed' });
    const runs = functions
      .payloadsOf(fixture.runPlaybookFunctionId)
      .filter((payload) => (payload as { playbook?: string }).playbook === 'flaky');
    expect(runs).toHaveLength(2);
  });
});

describe('resolveStateMachines over a synthesized CDK stack', () => {
  it('binds every Lambda ARN in the definition to its function logical id', () => {
    const [machine] = machines;
    const states = machine?.definition.States ?? {};

    expect(machine?.logicalId).toBe(fixture.stateMachineId);
    expect(states['Await approval']).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: localFunctionArn(fixture.parkTokenFunctionId) },
      TimeoutSeconds: 30,
    });
    expect(states['Run playbook']).toMatchObject({
      Resource: localFunctionArn(fixture.runPlaybookFunctionId),
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Playbook failed' }],
    });
    expect(states['Finish task']).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke',
      OutputPath: '$.Payload',
    });
  });

  it('keeps the default Retry CDK adds to Lambda tasks', () => {
    const [machine] = machines;

    expect(machine?.definition.States['Finish task']).toMatchObject({
      Retry: [
        {
          ErrorEquals: [
            'Lambda.ClientExecutionTimeoutException',
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
          ],
          IntervalSeconds: 2,
          MaxAttempts: 6,
          BackoffRate: 2,
        },
      ],
    });
  });
});
