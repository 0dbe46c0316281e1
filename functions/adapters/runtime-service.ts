import { z } from 'zod';
import type { ExecutionRecord } from '../core/orchestration';
import type { ParameterValue } from '../core/parameter-validation';
import type { Playbook } from '../core/playbook';
import { resolvePlaybookSteps } from '../core/simulated-dry-run';
import { IntegrationError, postJson } from './json-http-client';
import { withSlash } from './recommendation-service';

/** The runtime could not be reached or is overloaded; the state machine retries this. */
export class RuntimeUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // The state machine's Retry matches this name.
    this.name = 'RuntimeUnavailable';
  }
}

const RuntimeAnswerSchema = z.object({
  executionId: z.string().max(200),
  status: z.enum(['succeeded', 'failed']),
  message: z.string().max(2000).optional(),
});

/** What running a playbook produced. */
export type PlaybookRunOutcome = Omit<ExecutionRecord, 'requestedBy' | 'requestedAt'> & {
  outcome: 'succeeded' | 'failed';
};

/** One playbook run to perform. */
export interface PlaybookRun {
  orchestrationId: string;
  playbook: Playbook;
  parameters: Record<string, ParameterValue>;
}

/**
 * Runs a playbook on the runtime agent, or in the labelled simulation when none is set.
 * The orchestration id is the idempotency key, so a retried call never runs it twice.
 */
export async function runPlaybook(
  run: PlaybookRun,
  runtimeUrl: string | undefined,
  timeoutMs: number,
): Promise<PlaybookRunOutcome> {
  const startedAt = Date.now();
  const outcome = runtimeUrl ? await runOnRuntime(run, runtimeUrl, timeoutMs) : simulate(run);
  return { ...outcome, durationMs: Date.now() - startedAt };
}

function simulate(run: PlaybookRun): PlaybookRunOutcome {
  const { steps } = resolvePlaybookSteps(run.playbook, run.parameters);
  return {
    outcome: 'succeeded',
    source: 'simulation',
    message: `Simulated run of ${steps.length} steps; nothing was changed`,
    steps,
  };
}

async function runOnRuntime(
  run: PlaybookRun,
  runtimeUrl: string,
  timeoutMs: number,
): Promise<PlaybookRunOutcome> {
  const body = {
    playbookId: run.playbook.id,
    version: run.playbook.version,
    parameters: run.parameters,
  };
  const headers = { 'idempotency-key': run.orchestrationId };

  let answer: unknown;
  try {
    answer = await postJson(new URL('executions', withSlash(runtimeUrl)).href, body, {
      timeoutMs,
      headers,
    });
  } catch (error) {
    throw asRuntimeError(error);
  }

  const parsed = RuntimeAnswerSchema.parse(answer);
  return {
    outcome: parsed.status,
    source: 'runtime',
    runtimeExecutionId: parsed.executionId,
    message: parsed.message,
  };
}

function asRuntimeError(error: unknown): Error {
  const transient =
    error instanceof IntegrationError &&
    (error.reason !== 'http-status' || (error.status ?? 0) >= 500 || error.status === 429);
  if (!transient) return error instanceof Error ? error : new Error(String(error));
  return new RuntimeUnavailableError(error.message, { cause: error });
}
