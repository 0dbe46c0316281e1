import type { AslDefinition, AslState } from './asl-schema';
import { buildContextObject, type ContextObject } from './context-object';
import {
  appendHistoryEvent,
  type ExecutionPosition,
  type ExecutionRecord,
  type ExecutionStatus,
} from './execution-record';
import { ExecutionTimers } from './execution-timers';
import { StatesError } from './sfn-errors';
import { taskTokenDigest } from './task-token';

/** A state machine the interpreter runs: its ARN, its name (the logical id) and definition. */
export interface StateMachineEntry {
  arn: string;
  name: string;
  definition: AslDefinition;
}

/** How an execution ended. */
export interface ExecutionClosure {
  output?: string;
  error?: string;
  cause?: string;
}

const CLOSING_EVENTS: Record<Exclude<ExecutionStatus, 'RUNNING'>, string> = {
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  TIMED_OUT: 'ExecutionTimedOut',
  ABORTED: 'ExecutionAborted',
};

/**
 * One execution in memory: its persisted record plus what only lives in this process, the
 * timers and an epoch that moves on whenever the execution moves, so late callbacks can tell
 * they are stale.
 */
export class ExecutionRun {
  readonly timers = new ExecutionTimers();
  epoch = 0;

  constructor(
    readonly record: ExecutionRecord,
    readonly machine: StateMachineEntry | undefined,
  ) {}

  /** The position of a running execution; a closed one has none. */
  get position(): ExecutionPosition {
    const { position } = this.record;
    if (position === undefined) {
      throw new StatesError('States.Runtime', 'The execution has no current state');
    }

    return position;
  }

  /** The definition of the current state. */
  currentState(): AslState {
    const name = this.position.stateName;
    const state = this.machine?.definition.States[name];
    if (state === undefined) {
      throw new StatesError(
        'States.Runtime',
        `State '${name}' of ${this.record.stateMachineArn} is not in the loaded definitions`,
      );
    }

    return state;
  }

  /** The context object for the current state (`$$`). */
  context(taskToken?: string): ContextObject {
    const position = this.position;

    return buildContextObject({
      executionArn: this.record.executionArn,
      executionName: this.record.name,
      executionInput: JSON.parse(this.record.input),
      startTime: this.record.startDate,
      stateMachineArn: this.record.stateMachineArn,
      stateMachineName: this.machine?.name ?? '',
      stateName: position.stateName,
      enteredTime: position.enteredAt,
      retryCount: position.retryCount,
      ...(taskToken === undefined ? {} : { taskToken }),
    });
  }

  /** Makes `stateName` the current state with `input`; counts one state transition. */
  enter(stateName: string, input: unknown): void {
    const type = this.machine?.definition.States[stateName]?.Type ?? 'Unknown';
    this.moveOn();

    this.record.position = {
      stateName,
      input,
      enteredAt: Date.now(),
      retryCounts: [],
      retryCount: 0,
    };
    this.record.stateTransitions += 1;
    appendHistoryEvent(this.record, `${type}StateEntered`, {
      name: stateName,
      input: JSON.stringify(input),
    });
  }

  /** Records that the current state produced `output`. */
  exit(output: unknown): void {
    const position = this.position;
    const type = this.machine?.definition.States[position.stateName]?.Type ?? 'Unknown';

    appendHistoryEvent(this.record, `${type}StateExited`, {
      name: position.stateName,
      output: JSON.stringify(output),
    });
  }

  /** Ends the execution with a final status; its pending task token stops being valid. */
  close(status: Exclude<ExecutionStatus, 'RUNNING'>, closure: ExecutionClosure): void {
    this.retireTask();
    this.moveOn();
    this.timers.clearAll();

    Object.assign(this.record, { status, stopDate: Date.now(), position: undefined }, closure);
    appendHistoryEvent(this.record, CLOSING_EVENTS[status], { ...closure });
  }

  /** Ends the pending task attempt; of its token only the digest stays, to answer TaskTimedOut. */
  retireTask(): void {
    const position = this.record.position;
    const token = position?.task?.token;
    if (token !== undefined) {
      this.record.closedTokenDigests.push(taskTokenDigest(token));
    }

    if (position !== undefined) {
      position.task = undefined;
    }
  }

  /** Invalidates callbacks and timers that belong to what the execution was doing. */
  moveOn(): void {
    this.epoch += 1;
    this.timers.clearStateTimers();
  }

  /** Whether the execution still runs and has not moved on since `epoch`. */
  isAt(epoch: number): boolean {
    return this.record.status === 'RUNNING' && this.epoch === epoch;
  }
}
