import { type EmulatorLogger, silentLogger } from './emulator-logger';
import { appendHistoryEvent, type ExecutionRecord, type ExecutionStatus } from './execution-record';
import { ExecutionRun, type StateMachineEntry } from './execution-run';
import type { ExecutionStore } from './execution-store';
import { StateStepper } from './state-stepper';
import { TaskAttempts } from './task-attempts';
import type { TaskCompletion } from './task-resource';
import { taskTokenDigest } from './task-token';

/** Re-exported so that callers of the interpreter need one import. */
export type { StateMachineEntry } from './execution-run';
/** Re-exported so that callers of the interpreter need one import. */
export type { TaskCompletion } from './task-resource';

/** Calls a Lambda function by ARN with a JSON payload and resolves with what it returns. */
export type InvokeFunction = (functionArn: string, payload: unknown) => Promise<unknown>;

/** What the interpreter needs: where executions live, what it runs and how it calls Lambda. */
export interface InterpreterOptions {
  store: ExecutionStore;
  stateMachines: readonly StateMachineEntry[];
  invokeFunction: InvokeFunction;
  logger?: EmulatorLogger;
  /** Source of randomness for FULL jitter; tests may pin it. */
  random?: () => number;
}

/** Counters for benchmarks: state transitions are state entries, over every known execution. */
export interface InterpreterStats {
  stateTransitions: number;
  lambdaInvocations: number;
  retries: number;
  executions: Record<ExecutionStatus, number>;
}

/** How a call with a task token went: applied, too late (the task ended) or no such token. */
export type TokenAnswer = 'accepted' | 'closed' | 'unknown';

/** What a task token stands for: nothing, a task that ended, or the task waiting for it. */
export type TokenLookup =
  | { status: 'unknown' }
  | { status: 'closed' }
  | { status: 'pending'; run: ExecutionRun };

/**
 * Runs executions of the loaded state machines, persisting every step so that a new
 * interpreter over the same store resumes each running execution where it stood.
 */
export class ExecutionInterpreter {
  private readonly runs = new Map<string, ExecutionRun>();
  private readonly tokens = new Map<string, string>();
  private readonly machines: Map<string, StateMachineEntry>;
  private readonly logger: EmulatorLogger;
  private readonly tasks: TaskAttempts;
  private readonly stepper: StateStepper;
  private closed = false;

  private constructor(private readonly options: InterpreterOptions) {
    this.machines = new Map(options.stateMachines.map((machine) => [machine.arn, machine]));
    this.logger = options.logger ?? silentLogger;
    this.tasks = new TaskAttempts({
      invokeFunction: options.invokeFunction,
      logger: this.logger,
      isClosed: () => this.closed,
      persist: (run) => this.persist(run),
      registerToken: (token, run) => {
        this.tokens.set(taskTokenDigest(token), run.record.executionArn);
      },
      settle: (run, completion) => this.stepper.settleTask(run, completion),
      drive: (run) => this.driveInBackground(run),
    });
    this.stepper = new StateStepper({
      logger: this.logger,
      tasks: this.tasks,
      random: options.random,
      wakeAt: (run, at) => this.wakeAt(run, at),
    });
  }

  /** Loads every execution in the store and resumes the running ones. */
  static async open(options: InterpreterOptions): Promise<ExecutionInterpreter> {
    const interpreter = new ExecutionInterpreter(options);

    const records = await options.store.loadAll();
    for (const record of records) {
      interpreter.adopt(record);
    }
    return interpreter;
  }

  /** The state machine with this ARN, if loaded. */
  stateMachine(arn: string): StateMachineEntry | undefined {
    return this.machines.get(arn);
  }

  /** Every loaded state machine. */
  stateMachines(): StateMachineEntry[] {
    return [...this.machines.values()];
  }

  /** The record of an execution, if known. */
  findExecution(executionArn: string): ExecutionRecord | undefined {
    return this.runs.get(executionArn)?.record;
  }

  /** The records of a state machine's executions, newest first. */
  listExecutions(stateMachineArn: string): ExecutionRecord[] {
    return [...this.runs.values()]
      .map((run) => run.record)
      .filter((record) => record.stateMachineArn === stateMachineArn)
      .sort((a, b) => b.startDate - a.startDate);
  }

  /** Starts an execution; the caller has checked that its name is free. */
  async startExecution(
    machine: StateMachineEntry,
    executionArn: string,
    name: string,
    input: string,
  ): Promise<ExecutionRecord> {
    const startDate = Date.now();
    const timeout = machine.definition.TimeoutSeconds;
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      input,
      status: 'RUNNING',
      startDate,
      deadline: timeout === undefined ? undefined : startDate + timeout * 1000,
      stateTransitions: 0,
      closedTokenDigests: [],
      history: [],
    };
    const run = new ExecutionRun(record, machine);
    this.runs.set(executionArn, run);

    appendHistoryEvent(record, 'ExecutionStarted', { input });
    run.enter(machine.definition.StartAt, JSON.parse(input));
    await this.persist(run);
    this.logger.info('Execution started', { executionArn });
    this.resume(run);
    return record;
  }

  /** Stops a running execution (ABORTED); a closed one is left as it is. */
  async stopExecution(
    executionArn: string,
    closure: { error?: string; cause?: string },
  ): Promise<ExecutionRecord | undefined> {
    const run = this.runs.get(executionArn);
    if (run?.record.status === 'RUNNING') {
      run.close('ABORTED', closure);
      await this.persist(run);
      this.logger.info('Execution stopped', { executionArn });
    }

    return run?.record;
  }

  /** Finds the execution a task token belongs to and whether the token is still pending. */
  lookupToken(token: string): TokenLookup {
    const executionArn = this.tokens.get(taskTokenDigest(token));
    const run = executionArn === undefined ? undefined : this.runs.get(executionArn);
    if (run === undefined) {
      return { status: 'unknown' };
    }

    const pending = run.record.status === 'RUNNING' && run.record.position?.task?.token === token;
    return pending ? { status: 'pending', run } : { status: 'closed' };
  }

  /** Completes the task waiting for `token` (SendTaskSuccess / SendTaskFailure). */
  async completeTask(token: string, completion: TaskCompletion): Promise<TokenAnswer> {
    const lookup = this.lookupToken(token);
    if (lookup.status !== 'pending') {
      return lookup.status;
    }

    const settled = await this.tasks.finish(lookup.run, lookup.run.epoch, completion);
    return settled ? 'accepted' : 'closed';
  }

  /** Moves the heartbeat deadline of the task waiting for `token` (SendTaskHeartbeat). */
  async heartbeat(token: string): Promise<TokenAnswer> {
    const lookup = this.lookupToken(token);
    if (lookup.status !== 'pending') {
      return lookup.status;
    }

    await this.tasks.heartbeat(lookup.run);
    return 'accepted';
  }

  /** Counters over every execution this interpreter knows. */
  stats(): InterpreterStats {
    const executions = { RUNNING: 0, SUCCEEDED: 0, FAILED: 0, TIMED_OUT: 0, ABORTED: 0 };
    let stateTransitions = 0;
    for (const { record } of this.runs.values()) {
      executions[record.status] += 1;
      stateTransitions += record.stateTransitions;
    }

    return { stateTransitions, executions, ...this.tasks.counters() };
  }

  /** Stops every timer and waits for pending writes; in-flight Lambda calls are disowned. */
  async close(): Promise<void> {
    this.closed = true;
    for (const run of this.runs.values()) {
      run.timers.clearAll();
    }

    await this.options.store.flush();
  }

  private adopt(record: ExecutionRecord): void {
    const run = new ExecutionRun(record, this.machines.get(record.stateMachineArn));
    this.runs.set(record.executionArn, run);
    for (const digest of record.closedTokenDigests) {
      this.tokens.set(digest, record.executionArn);
    }

    const token = record.position?.task?.token;
    if (token !== undefined) {
      this.tokens.set(taskTokenDigest(token), record.executionArn);
    }
    if (record.status === 'RUNNING') {
      this.logger.info('Execution resumed', { executionArn: record.executionArn });
      this.resume(run);
    }
  }

  private resume(run: ExecutionRun): void {
    const { deadline } = run.record;
    if (deadline !== undefined && deadline <= Date.now()) {
      this.timeOut(run).catch(() => undefined);
      return;
    }

    if (deadline !== undefined) {
      run.timers.set('execution', deadline, () => {
        this.timeOut(run).catch(() => undefined);
      });
    }
    this.driveInBackground(run);
  }

  // Failures to save are logged by persist; a background drive has nobody else to tell.
  private driveInBackground(run: ExecutionRun): void {
    this.drive(run).catch(() => undefined);
  }

  private async timeOut(run: ExecutionRun): Promise<void> {
    if (this.closed || run.record.status !== 'RUNNING') {
      return;
    }

    const seconds = run.machine?.definition.TimeoutSeconds;
    run.close('TIMED_OUT', {
      error: 'States.Timeout',
      cause: `The execution ran longer than its TimeoutSeconds (${seconds})`,
    });
    await this.persist(run);
  }

  /** Runs states one after another until the execution waits or ends. */
  private async drive(run: ExecutionRun): Promise<void> {
    while (!this.closed && run.record.status === 'RUNNING') {
      const result = this.stepper.step(run);
      const epoch = run.epoch;
      await this.persist(run);
      if (this.closed || run.epoch !== epoch || result.kind === 'suspend') {
        return;
      }
      if (result.kind === 'then') {
        result.act();
        return;
      }
    }
  }

  private wakeAt(run: ExecutionRun, at: number): void {
    const epoch = run.epoch;

    run.timers.set('state', at, () => {
      if (!this.closed && run.epoch === epoch) {
        this.driveInBackground(run);
      }
    });
  }

  private async persist(run: ExecutionRun): Promise<void> {
    try {
      await this.options.store.save(run.record);
    } catch (error) {
      this.logger.error('Execution could not be saved', {
        executionArn: run.record.executionArn,
        error,
      });
      throw error;
    }
  }
}
