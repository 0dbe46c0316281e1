import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

const REMAINING_MS = 30_000;

/** A Lambda context for a local invocation, with a fresh request id. */
export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => REMAINING_MS,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
