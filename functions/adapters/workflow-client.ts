import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { SafetyMode } from '../core/statuses';

/** What became of a request to complete a waiting task. */
export type TaskReleaseOutcome = 'released' | 'already-completed';

/** Errors meaning the token is spent: completed before, timed out, or its execution ended. */
const SPENT_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * The Step Functions side of an orchestration. Endpoint and region come from the SDK's own
 * configuration chain, so `AWS_ENDPOINT_URL_SFN` points it at the local emulator.
 */
export class WorkflowClient {
  constructor(
    private readonly stateMachineArn: string | undefined,
    private readonly client: SFNClient = new SFNClient({ maxAttempts: 4 }),
  ) {}

  /**
   * Starts the orchestration's workflow. The execution is named after the orchestration, so
   * starting it again with the same input is a no-op rather than a second workflow.
   */
  async start(orchestrationId: string, mode: SafetyMode): Promise<string> {
    const input = JSON.stringify({ orchestrationId, mode });
    try {
      const result = await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.requireStateMachineArn(),
          name: orchestrationId,
          input,
        }),
      );
      return result.executionArn ?? this.executionArn(orchestrationId);
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') {
        return this.executionArn(orchestrationId);
      }
      throw error;
    }
  }

  /** Completes a waiting task; a token that is already spent is not an error. */
  async releaseTask(taskToken: string, output: object): Promise<TaskReleaseOutcome> {
    const command = new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) });
    return this.sendTaskResponse(() => this.client.send(command));
  }

  /** Fails a waiting task with a named error the state machine catches. */
  async failTask(taskToken: string, error: string, cause: string): Promise<TaskReleaseOutcome> {
    const command = new SendTaskFailureCommand({ taskToken, error, cause });
    return this.sendTaskResponse(() => this.client.send(command));
  }

  /** Ends the orchestration's workflow; one that has already ended is not an error. */
  async stop(orchestrationId: string, cause: string): Promise<void> {
    const executionArn = this.executionArn(orchestrationId);
    try {
      await this.client.send(new StopExecutionCommand({ executionArn, cause }));
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return;
      throw error;
    }
  }

  /** The ARN of the execution named after an orchestration. */
  executionArn(orchestrationId: string): string {
    const execution = this.requireStateMachineArn().replace(':stateMachine:', ':execution:');
    return `${execution}:${orchestrationId}`;
  }

  private requireStateMachineArn(): string {
    if (!this.stateMachineArn) {
      throw new TypeError(
        'STATE_MACHINE_ARN must be set for a handler that starts or stops workflows',
      );
    }
    return this.stateMachineArn;
  }

  private async sendTaskResponse(send: () => Promise<unknown>): Promise<TaskReleaseOutcome> {
    try {
      await send();
      return 'released';
    } catch (error) {
      if (error instanceof Error && SPENT_TOKEN_ERRORS.has(error.name)) return 'already-completed';
      throw error;
    }
  }
}
