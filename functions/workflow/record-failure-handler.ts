import type { Context } from 'aws-lambda';
import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { recordExecutionOutcome } from '../core/orchestration-transitions';
import { RecordFailureEventSchema } from './workflow-events';

const deps = serviceDependencies();

/** Records a playbook run that failed after the state machine's retries, with its reason. */
export async function handler(event: unknown, context?: Context): Promise<{ status: string }> {
  const { orchestrationId, error } = RecordFailureEventSchema.parse(event);
  logger.resetKeys();
  logger.appendKeys({ orchestrationId, lambdaRequestId: context?.awsRequestId });

  const message = `${error.Error}: ${causeMessage(error.Cause)}`;
  const at = new Date().toISOString();
  const { state } = await deps.store.transition(orchestrationId, (latest) =>
    recordExecutionOutcome(latest, { outcome: 'failed', message }, at),
  );
  logger.error('Playbook run failed', { reason: error.Error, status: state.status });

  return { status: state.status };
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
