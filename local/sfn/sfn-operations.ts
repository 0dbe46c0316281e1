import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ExecutionRecord } from './execution-record';
import type {
  ExecutionInterpreter,
  StateMachineEntry,
  TaskCompletion,
  TokenAnswer,
} from './interpreter';
import {
  describeExecutionShape,
  epochSeconds,
  executionListItemShape,
  historyEventShape,
  paginate,
} from './sfn-api-shapes';
import { type ArnScope, executionArn, parseStatesArn } from './sfn-arns';
import { StepFunctionsApiError } from './sfn-errors';
import { isWellFormedTaskToken } from './task-token';

/** A Step Functions API operation: a parsed JSON request in, a JSON response out. */
export type Operation = (request: unknown) => Promise<unknown>;

const MAX_PAYLOAD_BYTES = 256 * 1024;
// AWS: 1-80 characters; no whitespace, brackets, wildcards, these specials or control codes.
const NAME_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/u;

const ArnRequest = z.object({ stateMachineArn: z.string() });
const ExecutionRequest = z.object({ executionArn: z.string() });
const PagingFields = {
  maxResults: z.int().min(0).max(1000).optional(),
  nextToken: z.string().optional(),
};
const StartExecutionRequest = ArnRequest.extend({
  name: z.string().optional(),
  input: z.string().optional(),
  traceHeader: z.string().optional(),
});
const StopExecutionRequest = ExecutionRequest.extend({
  error: z.string().max(256).optional(),
  cause: z.string().max(32_768).optional(),
});
const TokenRequest = z.object({ taskToken: z.string() });
const TaskSuccessRequest = TokenRequest.extend({ output: z.string() });
const TaskFailureRequest = TokenRequest.extend({
  error: z.string().max(256).optional(),
  cause: z.string().max(32_768).optional(),
});
const ListExecutionsRequest = ArnRequest.extend({
  statusFilter: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']).optional(),
  ...PagingFields,
});
const HistoryRequest = ExecutionRequest.extend({
  reverseOrder: z.boolean().optional(),
  includeExecutionData: z.boolean().optional(),
  ...PagingFields,
});
const ListStateMachinesRequest = z.object(PagingFields);

/** The operations the emulator serves, by their `X-Amz-Target` name. */
export function createOperations(
  interpreter: ExecutionInterpreter,
  scope: ArnScope,
  createdAt: number,
): Record<string, Operation> {
  const api = new StepFunctionsApi(interpreter, scope, createdAt);

  return {
    StartExecution: (request) => api.startExecution(request),
    DescribeExecution: async (request) =>
      describeExecutionShape(api.execution(parse(ExecutionRequest, request).executionArn)),
    StopExecution: (request) => api.stopExecution(request),
    SendTaskSuccess: (request) => api.sendTaskSuccess(request),
    SendTaskFailure: (request) => api.sendTaskFailure(request),
    SendTaskHeartbeat: (request) => api.sendTaskHeartbeat(request),
    ListExecutions: async (request) => api.listExecutions(request),
    GetExecutionHistory: async (request) => api.executionHistory(request),
    DescribeStateMachine: async (request) => api.describeStateMachine(request),
    ListStateMachines: async (request) => api.listStateMachines(request),
  };
}

class StepFunctionsApi {
  constructor(
    private readonly interpreter: ExecutionInterpreter,
    private readonly scope: ArnScope,
    private readonly createdAt: number,
  ) {}

  async startExecution(request: unknown): Promise<unknown> {
    const {
      stateMachineArn,
      name = randomUUID(),
      input = '{}',
    } = parse(StartExecutionRequest, request);
    const machine = this.stateMachine(stateMachineArn);
    if (!isValidExecutionName(name)) {
      throw new StepFunctionsApiError('InvalidName', `Invalid Name: '${name}'`);
    }
    requireJson(input, 'InvalidExecutionInput', 'input');

    const arn = executionArn(this.scope, machine.name, name);
    const existing = this.interpreter.findExecution(arn);
    // AWS treats a repeated start as idempotent only while the first run is open.
    if (existing !== undefined && (existing.status !== 'RUNNING' || existing.input !== input)) {
      throw new StepFunctionsApiError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${arn}'`,
      );
    }
    const record = existing ?? (await this.interpreter.startExecution(machine, arn, name, input));
    return { executionArn: arn, startDate: epochSeconds(record.startDate) };
  }

  async stopExecution(request: unknown): Promise<unknown> {
    const { executionArn: arn, error, cause } = parse(StopExecutionRequest, request);
    this.execution(arn);

    const record = await this.interpreter.stopExecution(arn, { error, cause });
    return { stopDate: epochSeconds(record?.stopDate ?? Date.now()) };
  }

  async sendTaskSuccess(request: unknown): Promise<unknown> {
    const { taskToken, output } = parse(TaskSuccessRequest, request);
    const value = requireJson(output, 'InvalidOutput', 'output');

    return this.complete(taskToken, { kind: 'success', output: value });
  }

  async sendTaskFailure(request: unknown): Promise<unknown> {
    const { taskToken, error = '', cause = '' } = parse(TaskFailureRequest, request);

    return this.complete(taskToken, { kind: 'failure', error, cause });
  }

  async sendTaskHeartbeat(request: unknown): Promise<unknown> {
    const { taskToken } = parse(TokenRequest, request);
    requireWellFormed(taskToken);

    return answerForToken(await this.interpreter.heartbeat(taskToken));
  }

  listExecutions(request: unknown): unknown {
    const { stateMachineArn, statusFilter, maxResults, nextToken } = parse(
      ListExecutionsRequest,
      request,
    );
    const records = this.interpreter
      .listExecutions(this.stateMachine(stateMachineArn).arn)
      .filter((record) => statusFilter === undefined || record.status === statusFilter);

    const page = paginate(records, maxResults, nextToken);
    return { executions: page.items.map(executionListItemShape), nextToken: page.nextToken };
  }

  executionHistory(request: unknown): unknown {
    const {
      executionArn: arn,
      reverseOrder,
      includeExecutionData,
      maxResults,
      nextToken,
    } = parse(HistoryRequest, request);
    const history = this.execution(arn).history;
    const ordered = reverseOrder === true ? [...history].reverse() : history;

    const page = paginate(ordered, maxResults, nextToken);
    const events = page.items.map((event) =>
      historyEventShape(event, includeExecutionData ?? true),
    );
    return { events, nextToken: page.nextToken };
  }

  describeStateMachine(request: unknown): unknown {
    const machine = this.stateMachine(parse(ArnRequest, request).stateMachineArn);

    return {
      ...this.stateMachineListItem(machine),
      status: 'ACTIVE',
      definition: JSON.stringify(machine.definition),
      roleArn: `arn:aws:iam::${this.scope.accountId}:role/local-step-functions`,
    };
  }

  listStateMachines(request: unknown): unknown {
    const { maxResults, nextToken } = parse(ListStateMachinesRequest, request);
    const machines = this.interpreter.stateMachines();

    const page = paginate(machines, maxResults, nextToken);
    return {
      stateMachines: page.items.map((machine) => this.stateMachineListItem(machine)),
      nextToken: page.nextToken,
    };
  }

  execution(arn: string): ExecutionRecord {
    if (parseStatesArn(arn)?.resourceType !== 'execution') {
      throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    }

    const record = this.interpreter.findExecution(arn);
    if (record === undefined) {
      throw new StepFunctionsApiError(
        'ExecutionDoesNotExist',
        `Execution Does Not Exist: '${arn}'`,
      );
    }
    return record;
  }

  private stateMachine(arn: string): StateMachineEntry {
    if (parseStatesArn(arn)?.resourceType !== 'stateMachine') {
      throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    }

    const machine = this.interpreter.stateMachine(arn);
    if (machine === undefined) {
      throw new StepFunctionsApiError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${arn}'`,
      );
    }
    return machine;
  }

  private stateMachineListItem(machine: StateMachineEntry): Record<string, unknown> {
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      type: 'STANDARD',
      creationDate: epochSeconds(this.createdAt),
    };
  }

  private async complete(taskToken: string, completion: TaskCompletion): Promise<unknown> {
    requireWellFormed(taskToken);

    return answerForToken(await this.interpreter.completeTask(taskToken, completion));
  }
}

function parse<T>(schema: z.ZodType<T>, request: unknown): T {
  const parsed = schema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? 'request';
    const message = `Value at '${field}' failed to satisfy constraint: ${issue?.message}`;
    throw new StepFunctionsApiError('ValidationException', message, { cause: parsed.error });
  }

  return parsed.data;
}

function isValidExecutionName(name: string): boolean {
  const characters = [...name];
  const control = characters.some((character) => {
    const code = character.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });

  return (
    characters.length >= 1 && characters.length <= 80 && !control && !NAME_FORBIDDEN.test(name)
  );
}

function requireJson(text: string, code: string, field: string): unknown {
  if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw new StepFunctionsApiError(code, `The ${field} is larger than 256 KiB`);
  }

  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StepFunctionsApiError(code, `Invalid State Machine Execution ${field}: not JSON`, {
      cause: error,
    });
  }
}

function requireWellFormed(taskToken: string): void {
  if (!isWellFormedTaskToken(taskToken)) {
    throw new StepFunctionsApiError('InvalidToken', 'Invalid Token: the task token is malformed');
  }
}

function answerForToken(status: TokenAnswer): Record<string, never> {
  if (status === 'unknown') {
    throw new StepFunctionsApiError('InvalidToken', 'Invalid Token: no task has this token');
  }
  if (status === 'closed') {
    throw new StepFunctionsApiError(
      'TaskTimedOut',
      'Task Timed Out: the task is no longer waiting',
    );
  }

  return {};
}
