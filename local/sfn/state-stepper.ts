import type { AslState, TaskState, WaitState } from './asl-schema';
import type { EmulatorLogger } from './emulator-logger';
import type { ExecutionRun } from './execution-run';
import { decideAfterFailure } from './retry-policy';
import { StatesError } from './sfn-errors';
import {
  catchOutput,
  choiceOutcome,
  passOutput,
  passThroughOutput,
  taskOutput,
  waitEndsAt,
} from './state-data-flow';
import type { StepResult, TaskAttempts } from './task-attempts';
import type { TaskCompletion } from './task-resource';

/** What the stepper needs from the interpreter. */
export interface StepperHost {
  logger: EmulatorLogger;
  tasks: TaskAttempts;
  random?: () => number;
  /** Carries on running the execution at `at` unless it has moved on by then. */
  wakeAt(run: ExecutionRun, at: number): void;
}

const CONTINUE: StepResult = { kind: 'continue' };
const SUSPEND: StepResult = { kind: 'suspend' };

/**
 * Moves an execution through its states: what each state type does with its input, and where
 * a Task's completion leads (next state, retry after backoff, Catch or failure).
 */
export class StateStepper {
  constructor(private readonly host: StepperHost) {}

  /** Runs the current state as far as it goes without waiting. */
  step(run: ExecutionRun): StepResult {
    try {
      return this.runState(run, run.currentState());
    } catch (error) {
      this.failExecution(run, error);
      return CONTINUE;
    }
  }

  private runState(run: ExecutionRun, state: AslState): StepResult {
    const input = run.position.input;

    switch (state.Type) {
      case 'Pass':
        return this.finishState(run, state, passOutput(state, input, run.context()));
      case 'Choice': {
        const { next, output } = choiceOutcome(state, input);
        run.exit(output);
        run.enter(next, output);
        return CONTINUE;
      }
      case 'Succeed':
        return this.finishState(run, state, passThroughOutput(state, input));
      case 'Fail':
        run.close('FAILED', { error: state.Error, cause: state.Cause });
        return CONTINUE;
      case 'Wait':
        return this.runWait(run, state);
      case 'Task':
        return this.runTask(run, state);
    }
  }

  private runWait(run: ExecutionRun, state: WaitState): StepResult {
    const position = run.position;
    position.resumeAt ??= waitEndsAt(state, position.input, position.enteredAt);
    if (position.resumeAt > Date.now()) {
      this.host.wakeAt(run, position.resumeAt);
      return SUSPEND;
    }

    return this.finishState(run, state, passThroughOutput(state, position.input));
  }

  private runTask(run: ExecutionRun, state: TaskState): StepResult {
    const position = run.position;
    if (position.resumeAt !== undefined && position.resumeAt > Date.now()) {
      this.host.wakeAt(run, position.resumeAt);
      return SUSPEND;
    }

    position.resumeAt = undefined;
    return this.host.tasks.run(run, state);
  }

  /** Applies a task's completion: the next state, a retry, a catch or the end. */
  settleTask(run: ExecutionRun, completion: TaskCompletion): void {
    try {
      const state = run.currentState();
      const input = run.position.input;
      run.retireTask();
      run.moveOn();
      if (state.Type !== 'Task') {
        throw new StatesError('States.Runtime', `State '${run.position.stateName}' is no Task`);
      }

      if (completion.kind === 'success') {
        this.finishState(run, state, taskOutput(state, input, completion.output, run.context()));
      } else {
        this.recover(run, state, completion.error, completion.cause);
      }
    } catch (error) {
      this.failExecution(run, error);
    }
  }

  private recover(run: ExecutionRun, state: TaskState, error: string, cause: string): void {
    const position = run.position;
    const decision = decideAfterFailure(
      error,
      state.Retry ?? [],
      position.retryCounts,
      state.Catch ?? [],
      this.host.random,
    );

    if (decision.kind === 'retry') {
      position.retryCounts = position.retryCounts.slice();
      position.retryCounts[decision.retrierIndex] =
        (position.retryCounts[decision.retrierIndex] ?? 0) + 1;
      position.retryCount += 1;
      position.resumeAt = Date.now() + decision.delayMs;
      this.host.tasks.countRetry();
    } else if (decision.kind === 'catch') {
      const output = catchOutput(decision.catcher, position.input, error, cause);
      run.enter(decision.catcher.Next, output);
    } else {
      run.close('FAILED', { error, cause });
    }
  }

  private finishState(run: ExecutionRun, state: AslState, output: unknown): StepResult {
    run.exit(output);
    const next = 'Next' in state ? state.Next : undefined;
    if (next !== undefined) {
      run.enter(next, output);
    } else {
      run.close('SUCCEEDED', { output: JSON.stringify(output) });
      this.host.logger.info('Execution succeeded', { executionArn: run.record.executionArn });
    }

    return CONTINUE;
  }

  private failExecution(run: ExecutionRun, thrown: unknown): void {
    const error = thrown instanceof StatesError ? thrown.error : 'States.Runtime';
    const cause = thrown instanceof Error ? thrown.message : String(thrown);
    if (!(thrown instanceof StatesError)) {
      this.host.logger.error('State failed unexpectedly', {
        executionArn: run.record.executionArn,
        error: thrown,
      });
    }

    run.close('FAILED', { error, cause });
    this.host.logger.info('Execution failed', { executionArn: run.record.executionArn, error });
  }
}
