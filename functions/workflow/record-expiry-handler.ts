import type { Context } from 'aws-lambda';
import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { recordExpiry } from '../core/orchestration-transitions';
import { isTerminal } from '../core/statuses';
import { RecordExpiryEventSchema } from './workflow-events';

const deps = serviceDependencies();

/**
 * Invoked when a wait's timeout fires. Records `EXPIRED` unless the decision was recorded
 * first. Answers `expired: true` when the workflow must end here (expired now, or already
 * rejected or cancelled), and `expired: false` when a recorded approval or execution
 * request beat the timer, so the workflow goes on to the next stage.
 */
export async function handler(event: unknown, context?: Context): Promise<{ expired: boolean }> {
  const { orchestrationId, stage } = RecordExpiryEventSchema.parse(event);
  logger.resetKeys();
  logger.appendKeys({ orchestrationId, stage, lambdaRequestId: context?.awsRequestId });

  const at = new Date().toISOString();
  const { state } = await deps.store.transition(orchestrationId, (latest) =>
    recordExpiry(latest, stage, at),
  );
  // A retried invocation finds its own EXPIRED event already written.
  const expired = isTerminal(state.status);
  logger.info('Window closed', { expired, status: state.status });

  return { expired };
}
