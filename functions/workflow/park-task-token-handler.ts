import type { Context } from 'aws-lambda';
import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { releaseDecidedWait } from '../adapters/wait-release';
import { ParkTaskTokenEventSchema } from './workflow-events';

const deps = serviceDependencies();

// Tokens outlive their wait by a day at most; the TTL sweeps what nobody spent.
const TOKEN_GRACE_SECONDS = 24 * 3600;

/**
 * Invoked by a `waitForTaskToken` state: stores the token, then releases the wait at once if
 * the decision was recorded before the token arrived (approve right after dry-run).
 */
export async function handler(event: unknown, context?: Context): Promise<{ parked: true }> {
  const { orchestrationId, stage, taskToken } = ParkTaskTokenEventSchema.parse(event);
  logger.resetKeys();
  logger.appendKeys({ orchestrationId, stage, lambdaRequestId: context?.awsRequestId });
  const { config, store, workflow } = deps;

  const window =
    stage === 'approval' ? config.APPROVAL_WINDOW_SECONDS : config.EXECUTION_WINDOW_SECONDS;
  const expiresAt = Math.floor(Date.now() / 1000) + window + TOKEN_GRACE_SECONDS;
  await store.parkTaskToken(orchestrationId, stage, taskToken, expiresAt);

  const state = await store.load(orchestrationId);
  if (!state) throw new RangeError(`No orchestration ${orchestrationId} to wait for`);
  const release = await releaseDecidedWait(store, workflow, state, stage);
  logger.info('Task token parked', { release, status: state.status });

  return { parked: true };
}
