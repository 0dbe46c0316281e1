import type { Context } from 'aws-lambda';
import { executionAttemptStore } from '../adapters/execution-attempt-store';
import { integrationClient } from '../adapters/integration-client';
import { findPlaybook } from '../adapters/playbook-source';
import { RuntimeClient } from '../adapters/runtime-client';
import {
  type PlaybookRunOutcome,
  runOnRuntime,
  simulatePlaybookRun,
} from '../adapters/runtime-service';
import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import type { Orchestration } from '../core/orchestration';
import { recordExecutionOutcome } from '../core/orchestration-transitions';
import { isTerminal } from '../core/statuses';
import { RunPlaybookEventSchema } from './workflow-events';

const deps = serviceDependencies();
const attempts = executionAttemptStore(deps.client, deps.config.ORCHESTRATIONS_TABLE);

// Time kept back from the run's budget to record the outcome before the task times out.
const MIN_RECORDING_MARGIN_MS = 500;
const MAX_RECORDING_MARGIN_MS = 5_000;

/** Raised when the workflow asks to run an orchestration that was never released. */
export class NotExecutableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotExecutable';
  }
}

/** A released orchestration: it has a playbook and is executing. */
type ReleasedOrchestration = Orchestration & { playbook: NonNullable<Orchestration['playbook']> };

/**
 * Runs the released playbook and records its outcome, waiting for the runtime within this
 * invocation. Idempotent: an outcome already recorded is returned as is, and the runtime
 * deduplicates on the orchestration id.
 */
export async function handler(event: unknown, context?: Context): Promise<{ status: string }> {
  const startedAt = Date.now();
  const { orchestrationId, attempt } = RunPlaybookEventSchema.parse(event);
  logger.resetKeys();
  logger.appendKeys({
    orchestrationId,
    taskAttempt: attempt,
    lambdaRequestId: context?.awsRequestId,
  });

  const state = await deps.store.load(orchestrationId);
  if (state && isTerminal(state.status)) return { status: state.status };
  if (state?.status !== 'EXECUTING' || !state.playbook) {
    throw new NotExecutableError(`Orchestration ${orchestrationId} is not released for execution`);
  }

  const outcome = await runReleased({ ...state, playbook: state.playbook }, startedAt, context);
  return record(orchestrationId, outcome);
}

async function runReleased(
  state: ReleasedOrchestration,
  startedAt: number,
  context: Context | undefined,
): Promise<PlaybookRunOutcome> {
  const { config } = deps;
  const parameters = state.parameters ?? {};
  if (!config.RUNTIME_URL) {
    const playbook = await findPlaybook(state.playbook.id, config);
    if (!playbook) throw new NotExecutableError(`Playbook ${state.playbook.id} is unknown`);
    return simulatePlaybookRun(playbook, parameters);
  }

  const runtime = new RuntimeClient(integrationClient('runtime', config.RUNTIME_URL, config));
  const budgetMs = runBudgetMs(context);
  const run = { orchestrationId: state.orchestrationId, playbook: state.playbook, parameters };
  return runOnRuntime(run, runtime, {
    deadline: startedAt + budgetMs - recordingMarginMs(budgetMs),
    budgetMs,
    pollIntervalMs: config.RUNTIME_POLL_INTERVAL_MS,
    attempts,
  });
}

/** The run's budget: the configured run timeout, or less when Lambda has less time left. */
function runBudgetMs(context: Context | undefined): number {
  const configured = deps.config.RUN_PLAYBOOK_TIMEOUT_SECONDS * 1000;
  const remaining = context?.getRemainingTimeInMillis() ?? configured;
  return Math.min(configured, remaining);
}

function recordingMarginMs(budgetMs: number): number {
  return Math.min(MAX_RECORDING_MARGIN_MS, Math.max(MIN_RECORDING_MARGIN_MS, budgetMs / 10));
}

async function record(orchestrationId: string, outcome: PlaybookRunOutcome) {
  const at = new Date().toISOString();
  const { state, event } = await deps.store.transition(orchestrationId, (latest) =>
    recordExecutionOutcome(latest, outcome, at),
  );

  const { source, attempts, durationMs } = outcome;
  const figures = { outcome: outcome.outcome, source, attempts, durationMs, status: state.status };
  if (event) {
    logger.info('Playbook run recorded', figures);
  } else {
    // The task timeout recorded a failure first; the audit keeps that verdict.
    logger.warn('Playbook run finished after its outcome was recorded', figures);
  }
  return { status: state.status };
}
