import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowClient } from '../../functions/adapters/workflow-client';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:Workflow';

interface FakeStepFunctions {
  client: SFNClient;
  operations: string[];
}

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** A Step Functions endpoint that answers each call with the next scripted reply. */
async function fakeStepFunctions(replies: Array<[number, object]>): Promise<FakeStepFunctions> {
  const operations: string[] = [];
  server = createServer((request, response) => {
    request.resume();
    operations.push(String(request.headers['x-amz-target']));
    const [status, body] = replies[Math.min(operations.length, replies.length) - 1] ?? [200, {}];
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));

  const { port } = server.address() as AddressInfo;
  const client = new SFNClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 4,
  });
  return { client, operations };
}

const SERVICE_ERROR: [number, object] = [
  500,
  { __type: 'com.amazonaws.states#ServiceUnavailable' },
];

describe('WorkflowClient', () => {
  it('retries a release that fails transiently and completes the task once', async () => {
    const fake = await fakeStepFunctions([SERVICE_ERROR, SERVICE_ERROR, [200, {}]]);
    const workflow = new WorkflowClient(STATE_MACHINE_ARN, fake.client);

    const outcome = await workflow.releaseTask('token-1', { status: 'APPROVED' });

    expect(outcome).toBe('released');
    expect(fake.operations).toEqual(Array(3).fill('AWSStepFunctions.SendTaskSuccess'));
  });

  it('treats a token the timeout already spent as released, not as an error', async () => {
    const timedOut: [number, object] = [400, { __type: 'com.amazonaws.states#TaskTimedOut' }];
    const fake = await fakeStepFunctions([timedOut]);
    const workflow = new WorkflowClient(STATE_MACHINE_ARN, fake.client);

    const outcome = await workflow.releaseTask('token-2', { status: 'APPROVED' });

    expect(outcome).toBe('already-completed');
    expect(fake.operations).toHaveLength(1);
  });

  it('treats a second start of the same orchestration as the running workflow', async () => {
    const exists: [number, object] = [
      400,
      { __type: 'com.amazonaws.states#ExecutionAlreadyExists' },
    ];
    const fake = await fakeStepFunctions([exists]);
    const workflow = new WorkflowClient(STATE_MACHINE_ARN, fake.client);

    const executionArn = await workflow.start('orchestration-1', 'manual');

    expect(executionArn).toBe(
      'arn:aws:states:us-east-1:000000000000:execution:Workflow:orchestration-1',
    );
  });
});
