import { isJsonObject } from './json-path';
import { StatesError } from './sfn-errors';

/** How a Task state calls Lambda: the optimised integration, with or without a token, or bare. */
export type TaskResourceKind = 'lambda-invoke' | 'lambda-invoke-wait-for-token' | 'lambda-function';

/** A Lambda call a Task attempt makes. */
export interface LambdaInvocation {
  functionArn: string;
  payload: unknown;
}

const RESOURCE_KINDS: Record<string, TaskResourceKind> = {
  'arn:aws:states:::lambda:invoke': 'lambda-invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken': 'lambda-invoke-wait-for-token',
};

const FUNCTION_ARN =
  /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;

/** The Parameters fields of the optimised Lambda integration that the emulator honours. */
export const INVOKE_PARAMETER_FIELDS: readonly string[] = [
  'FunctionName',
  'FunctionName.$',
  'Payload',
  'Payload.$',
];

/** Classifies a Task's Resource, or returns undefined for one the emulator cannot call. */
export function taskResourceKind(resource: string): TaskResourceKind | undefined {
  if (FUNCTION_ARN.test(resource)) {
    return 'lambda-function';
  }

  return RESOURCE_KINDS[resource];
}

/** The Resource values the emulator accepts, for error messages. */
export function describeSupportedResources(): string {
  return `${Object.keys(RESOURCE_KINDS).join(', ')} or a Lambda function ARN`;
}

/**
 * Turns a Task's effective parameters into a Lambda call: the optimised integration reads
 * FunctionName and Payload from them, a bare function ARN sends them whole.
 */
export function toLambdaInvocation(
  kind: TaskResourceKind,
  resource: string,
  parameters: unknown,
): LambdaInvocation {
  if (kind === 'lambda-function') {
    return { functionArn: resource, payload: parameters };
  }

  const functionName = isJsonObject(parameters) ? parameters.FunctionName : undefined;
  if (typeof functionName !== 'string') {
    throw new StatesError('States.Runtime', 'The Lambda task parameters have no FunctionName');
  }
  const payload = isJsonObject(parameters) ? parameters.Payload : undefined;
  return { functionArn: functionName, payload: payload ?? {} };
}

/** The task result Lambda's answer becomes: the invoke response, or the value itself if bare. */
export function toTaskResult(kind: TaskResourceKind, returned: unknown): unknown {
  if (kind === 'lambda-function') {
    return returned;
  }

  return { ExecutedVersion: '$LATEST', Payload: returned, StatusCode: 200 };
}

/** How a task attempt ended. */
export type TaskCompletion =
  | { kind: 'success'; output: unknown }
  | { kind: 'failure'; error: string; cause: string };

/**
 * A thrown error as Lambda reports a function error: Error is the error's `name`, Cause the
 * JSON `{errorType, errorMessage}`.
 */
export function lambdaFailure(thrown: unknown): TaskCompletion {
  const errorType = thrown instanceof Error ? thrown.name : 'Error';
  const errorMessage = thrown instanceof Error ? thrown.message : String(thrown);

  return { kind: 'failure', error: errorType, cause: JSON.stringify({ errorType, errorMessage }) };
}

/** A JSON copy of what a function returned, as if it had crossed the Lambda API. */
export function asLambdaPayload(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null));
}
