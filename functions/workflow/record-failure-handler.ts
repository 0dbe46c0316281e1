import type { Context } from 'aws-lambda';
import { executionAttemptStore } from '../adapters/execution-attempt-store';
import { attemptFigures, type PlaybookRunOutcome } from '../adapters/runtime-service';
import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { recordExecutionOutcome } from '../core/orchestration-transitions';
import { type RecordFailureEvent, RecordFailureEventSchema } from './workflow-events';

const deps = serviceDependencies();
const attempts = executionAttemptStore(deps.client, deps.config.ORCHESTRATIONS_TABLE);

/**
 * Records a playbook run that failed after the state machine's retries, or timed out, with
 * its reason and the runtime calls made across every attempt.
 */
export async function handler(event: unknown, context?: Context): Promise<{ status: string }> {
  const { orchestrationId, error } = RecordFailureEventSchema.parse(event);
  logger.resetKeys();
  logger.appendKeys({ orchestrationId, lambdaRequestId: context?.awsRequestId });

  const outcome = await failedOutcome(orchestrationId, error);
  const at = new Date().toISOString();
  const { state } = await deps.store.transition(orchestrationId, (latest) =>
    recordExecutionOutcome(latest, outcome, at),
  );
  logger.error('Playbook run failed', {
    reason: error.Error,
    attempts: outcome.attempts,
    status: state.status,
  });

  return { status: state.status };
}

async function failedOutcome(
  orchestrationId: string,
  error: RecordFailureEvent['error'],
): Promise<PlaybookRunOutcome> {
  const message = failureMessage(error);
  if (!deps.config.RUNTIME_URL) return { outcome: 'failed', source: 'simulation', message };

  const figures = await attemptFigures(orchestrationId, attempts);
  return { outcome: 'failed', source: 'runtime', message, ...figures };
}

function failureMessage(error: RecordFailureEvent['error']): string {
  if (error.Error === 'States.Timeout') {
    const detail = error.Cause ?? 'the run did not finish within its task timeout';
    return `Timed out (States.Timeout): ${detail}`;
  }
  return `${error.Error}: ${causeMessage(error.Cause)}`;
}

function causeMessage(cause: string | undefined): string {
  if (!cause) return 'no cause reported';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : cause;
  } catch {
    return cause;
  }
}
