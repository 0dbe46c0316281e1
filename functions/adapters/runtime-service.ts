import type { ExecutionRecord, PlaybookSelection } from '../core/orchestration';
import type { ParameterValue } from '../core/parameter-validation';
import type { Playbook } from '../core/playbook';
import { resolvePlaybookSteps } from '../core/simulated-dry-run';
import type { ExecutionAttemptStore } from './execution-attempt-store';
import type { RuntimeExecution } from './integration-contracts';
import { delay } from './retry-policy';
import type { RuntimeClient } from './runtime-client';
import { logger } from './service-logger';

export { RuntimeRejectedError, RuntimeUnavailableError } from './runtime-client';

/** What running a playbook produced. */
export type PlaybookRunOutcome = Omit<ExecutionRecord, 'requestedBy' | 'requestedAt'> & {
  outcome: 'succeeded' | 'failed';
};

/** One released playbook to run on the runtime agent. */
export interface PlaybookRun {
  orchestrationId: string;
  playbook: Pick<PlaybookSelection, 'id' | 'version'>;
  parameters: Record<string, ParameterValue>;
}

/** How long and how often to wait for the runtime, and where attempts are counted. */
export interface RuntimeRunOptions {
  /** Epoch ms by which this invocation must have recorded an outcome. */
  deadline: number;
  /** The time budget of one run, for the timed-out message. */
  budgetMs: number;
  pollIntervalMs: number;
  attempts: ExecutionAttemptStore;
}

/** Runs a playbook in the labelled simulation: nothing is changed anywhere. */
export function simulatePlaybookRun(
  playbook: Playbook,
  parameters: Record<string, ParameterValue>,
): PlaybookRunOutcome {
  const startedAt = Date.now();
  const { steps } = resolvePlaybookSteps(playbook, parameters);

  return {
    outcome: 'succeeded',
    source: 'simulation',
    message: `Simulated run of ${steps.length} steps; nothing was changed`,
    steps,
    attempts: 1,
    durationMs: Date.now() - startedAt,
  };
}

/**
 * Runs a playbook on the runtime agent and waits for its outcome within this invocation:
 * creates the execution (the orchestration id is the idempotency key, so a retried
 * invocation finds the same execution), then polls it until it ends or the deadline comes.
 */
export async function runOnRuntime(
  run: PlaybookRun,
  runtime: RuntimeClient,
  options: RuntimeRunOptions,
): Promise<PlaybookRunOutcome> {
  const { orchestrationId, playbook, parameters } = run;
  const request = {
    orchestrationId,
    playbookId: playbook.id,
    version: playbook.version,
    parameters,
  };
  const accepted = await runtime.createExecution(request, {
    deadline: options.deadline,
    beforeSend: () => options.attempts.countAttempt(orchestrationId),
  });
  logger.info('Runtime accepted the run', {
    runtimeExecutionId: accepted.executionId,
    runtimeStatus: accepted.status,
  });

  const finished = await awaitOutcome(runtime, accepted, options);
  return { ...finished, ...(await attemptFigures(orchestrationId, options.attempts)) };
}

type RuntimeVerdict = Omit<PlaybookRunOutcome, 'attempts' | 'durationMs'>;

async function awaitOutcome(
  runtime: RuntimeClient,
  accepted: RuntimeExecution,
  options: RuntimeRunOptions,
): Promise<RuntimeVerdict> {
  let execution = accepted;
  while (execution.status === 'running') {
    const waitMs = Math.min(options.pollIntervalMs, options.deadline - Date.now());
    if (waitMs <= 0) return timedOut(execution, options.budgetMs);

    await delay(waitMs);
    if (Date.now() >= options.deadline) return timedOut(execution, options.budgetMs);
    execution = await runtime.readExecution(execution.executionId, options.deadline);
  }

  const { executionId, status, message } = execution;
  return { outcome: status, source: 'runtime', runtimeExecutionId: executionId, message };
}

function timedOut(execution: RuntimeExecution, budgetMs: number): RuntimeVerdict {
  const seconds = Math.round(budgetMs / 1000);
  const message =
    `Timed out: runtime execution ${execution.executionId} was still running when the ` +
    `run's ${seconds} s budget ran out`;
  logger.error('Playbook run timed out', { runtimeExecutionId: execution.executionId });
  return {
    outcome: 'failed',
    source: 'runtime',
    runtimeExecutionId: execution.executionId,
    message,
  };
}

/** Attempts counted across every invocation of this run, and the time since the first. */
export async function attemptFigures(
  orchestrationId: string,
  attempts: ExecutionAttemptStore,
): Promise<Pick<PlaybookRunOutcome, 'attempts' | 'durationMs'>> {
  const summary = await attempts.summary(orchestrationId);
  const since = summary.firstAttemptAt ? Date.parse(summary.firstAttemptAt) : Number.NaN;
  const durationMs = Number.isNaN(since) ? undefined : Math.max(0, Date.now() - since);

  return { attempts: summary.attempts, ...(durationMs !== undefined && { durationMs }) };
}
