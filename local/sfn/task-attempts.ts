import type { TaskState } from './asl-schema';
import type { EmulatorLogger } from './emulator-logger';
import { appendHistoryEvent, type PendingTask } from './execution-record';
import type { ExecutionRun } from './execution-run';
import { StatesError } from './sfn-errors';
import { taskParameters } from './state-data-flow';
import {
  asLambdaPayload,
  type LambdaInvocation,
  lambdaFailure,
  type TaskCompletion,
  type TaskResourceKind,
  taskResourceKind,
  toLambdaInvocation,
  toTaskResult,
} from './task-resource';
import { createTaskToken } from './task-token';

/** What a step of an execution leaves to do once its record is on disk. */
export type StepResult = { kind: 'continue' } | { kind: 'suspend' } | { kind: 'then'; act(): void };

/** What task attempts need from the interpreter that owns the executions. */
export interface TaskHost {
  invokeFunction(functionArn: string, payload: unknown): Promise<unknown>;
  logger: EmulatorLogger;
  isClosed(): boolean;
  persist(run: ExecutionRun): Promise<void>;
  registerToken(token: string, run: ExecutionRun): void;
  /** Applies a completion to the execution (next state, retry, catch or end). */
  settle(run: ExecutionRun, completion: TaskCompletion): void;
  /** Carries on running the execution after a completion was saved. */
  drive(run: ExecutionRun): void;
}

const WAIT_FOR_TOKEN: TaskResourceKind = 'lambda-invoke-wait-for-token';

/**
 * The life of a Task attempt: schedule it (with a task token for `.waitForTaskToken`), call
 * the function, then settle on its answer, a token, a timeout or a missed heartbeat.
 */
export class TaskAttempts {
  private lambdaInvocations = 0;
  private retries = 0;

  constructor(private readonly host: TaskHost) {}

  /** Starts or resumes the attempt of the current Task state. */
  run(run: ExecutionRun, state: TaskState): StepResult {
    const kind = taskResourceKind(state.Resource);
    if (kind === undefined) {
      throw new StatesError('States.Runtime', `Resource '${state.Resource}' is not supported`);
    }

    const task = run.position.task;
    return task === undefined ? this.begin(run, state, kind) : this.proceed(run, state, kind, task);
  }

  /** Ends the pending attempt if `epoch` is still current; false when it had already ended. */
  async finish(run: ExecutionRun, epoch: number, completion: TaskCompletion): Promise<boolean> {
    if (this.host.isClosed() || !run.isAt(epoch) || run.record.position?.task === undefined) {
      return false;
    }

    this.settle(run, completion);
    await this.host.persist(run);
    this.host.drive(run);
    return true;
  }

  /** Moves the heartbeat deadline of the pending attempt. */
  async heartbeat(run: ExecutionRun): Promise<void> {
    const task = run.record.position?.task;
    const state = run.currentState();
    if (task === undefined || state.Type !== 'Task' || state.HeartbeatSeconds === undefined) {
      return;
    }

    task.heartbeatDeadline = Date.now() + state.HeartbeatSeconds * 1000;
    this.armTimers(run, state, task);
    await this.host.persist(run);
  }

  /** Notes that a failed attempt will be retried. */
  countRetry(): void {
    this.retries += 1;
  }

  /** Lambda calls made and retries decided by this interpreter. */
  counters(): { lambdaInvocations: number; retries: number } {
    return { lambdaInvocations: this.lambdaInvocations, retries: this.retries };
  }

  private begin(run: ExecutionRun, state: TaskState, kind: TaskResourceKind): StepResult {
    const token = kind === WAIT_FOR_TOKEN ? createTaskToken() : undefined;
    const invocation = this.invocationFor(run, state, kind, token);
    const now = Date.now();
    const task: PendingTask = {
      token,
      invoked: false,
      deadline: secondsFrom(now, state.TimeoutSeconds),
      heartbeatDeadline: token === undefined ? undefined : secondsFrom(now, state.HeartbeatSeconds),
    };

    run.position.task = task;
    if (token !== undefined) {
      this.host.registerToken(token, run);
    }
    appendHistoryEvent(run.record, 'TaskScheduled', {
      resourceType: 'lambda',
      resource: kind === WAIT_FOR_TOKEN ? 'invoke.waitForTaskToken' : 'invoke',
      region: run.record.executionArn.split(':')[3],
      // The history is saved to disk and served by the API: a token must not leak through it.
      parameters: redact(
        JSON.stringify({ FunctionName: invocation.functionArn, Payload: invocation.payload }),
        token,
      ),
    });
    return this.proceed(run, state, kind, task, invocation);
  }

  private proceed(
    run: ExecutionRun,
    state: TaskState,
    kind: TaskResourceKind,
    task: PendingTask,
    invocation?: LambdaInvocation,
  ): StepResult {
    const expired = expiredDeadline(task, state);
    if (expired !== undefined) {
      this.settle(run, expired);
      return { kind: 'continue' };
    }

    this.armTimers(run, state, task);
    if (task.invoked) {
      return { kind: 'suspend' };
    }
    const call = invocation ?? this.invocationFor(run, state, kind, task.token);
    const epoch = run.epoch;
    return { kind: 'then', act: () => this.invoke(run, epoch, kind, call) };
  }

  private invocationFor(
    run: ExecutionRun,
    state: TaskState,
    kind: TaskResourceKind,
    token: string | undefined,
  ): LambdaInvocation {
    const parameters = taskParameters(state, run.position.input, run.context(token));

    return toLambdaInvocation(kind, state.Resource, parameters);
  }

  private invoke(
    run: ExecutionRun,
    epoch: number,
    kind: TaskResourceKind,
    invocation: LambdaInvocation,
  ): void {
    this.lambdaInvocations += 1;

    this.host
      .invokeFunction(invocation.functionArn, asLambdaPayload(invocation.payload))
      .then(
        (returned) => this.onReturned(run, epoch, kind, returned),
        (thrown: unknown) => this.finish(run, epoch, lambdaFailure(thrown)),
      )
      .catch((error: unknown) => {
        this.host.logger.error('Task outcome could not be recorded', {
          executionArn: run.record.executionArn,
          error,
        });
      });
  }

  private async onReturned(
    run: ExecutionRun,
    epoch: number,
    kind: TaskResourceKind,
    returned: unknown,
  ): Promise<void> {
    let payload: unknown;
    try {
      payload = asLambdaPayload(returned);
    } catch (error) {
      await this.finish(run, epoch, lambdaFailure(error));
      return;
    }

    if (kind !== WAIT_FOR_TOKEN) {
      await this.finish(run, epoch, { kind: 'success', output: toTaskResult(kind, payload) });
      return;
    }
    // With a task token the function's answer is ignored: the task now waits for the token.
    const task = run.record.position?.task;
    if (!this.host.isClosed() && run.isAt(epoch) && task !== undefined) {
      task.invoked = true;
      await this.host.persist(run);
    }
  }

  private armTimers(run: ExecutionRun, state: TaskState, task: PendingTask): void {
    const epoch = run.epoch;
    const expire = (completion: TaskCompletion) => () => {
      this.finish(run, epoch, completion).catch(() => undefined);
    };

    if (task.deadline !== undefined) {
      run.timers.set('task', task.deadline, expire(timeoutFailure(state)));
    }
    if (task.heartbeatDeadline !== undefined) {
      run.timers.set('heartbeat', task.heartbeatDeadline, expire(heartbeatFailure(state)));
    }
  }

  private settle(run: ExecutionRun, completion: TaskCompletion): void {
    if (completion.kind === 'success') {
      appendHistoryEvent(run.record, 'TaskSucceeded', {
        output: JSON.stringify(completion.output),
      });
    } else {
      const timedOut =
        completion.error === 'States.Timeout' || completion.error === 'States.HeartbeatTimeout';
      const { error, cause } = completion;
      appendHistoryEvent(run.record, timedOut ? 'TaskTimedOut' : 'TaskFailed', { error, cause });
      this.host.logger.info('Task failed', { executionArn: run.record.executionArn, error });
    }

    this.host.settle(run, completion);
  }
}

function secondsFrom(now: number, seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : now + seconds * 1000;
}

function expiredDeadline(task: PendingTask, state: TaskState): TaskCompletion | undefined {
  const now = Date.now();
  if (task.deadline !== undefined && task.deadline <= now) {
    return timeoutFailure(state);
  }

  const missedHeartbeat = task.heartbeatDeadline !== undefined && task.heartbeatDeadline <= now;
  return missedHeartbeat ? heartbeatFailure(state) : undefined;
}

function timeoutFailure(state: TaskState): TaskCompletion {
  const cause = `The task did not complete within TimeoutSeconds (${state.TimeoutSeconds})`;

  return { kind: 'failure', error: 'States.Timeout', cause };
}

function heartbeatFailure(state: TaskState): TaskCompletion {
  const cause = `No heartbeat arrived within HeartbeatSeconds (${state.HeartbeatSeconds})`;

  return { kind: 'failure', error: 'States.HeartbeatTimeout', cause };
}

function redact(text: string, token: string | undefined): string {
  return token === undefined ? text : text.replaceAll(token, '[task token]');
}
