import type { Context } from 'aws-lambda';
import { runPlaybook } from '../adapters/runtime-service';
import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { recordExecutionOutcome } from '../core/orchestration-transitions';
import { findCatalogPlaybook } from '../core/playbook-catalog';
import { isTerminal } from '../core/statuses';
import { RunPlaybookEventSchema } from './workflow-events';

const deps = serviceDependencies();

/** Raised when the workflow asks to run an orchestration that was never released. */
export class NotExecutableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotExecutable';
  }
}

/**
 * Runs the released playbook and records its outcome. Idempotent: an outcome already
 * recorded is returned as is, and the runtime deduplicates on the orchestration id.
 */
export async function handler(event: unknown, context?: Context) {
  const { orchestrationId } = RunPlaybookEventSchema.parse(event);
  logger.resetKeys();
  logger.appendKeys({ orchestrationId, lambdaRequestId: context?.awsRequestId });
  const { config, store } = deps;

  const state = await store.load(orchestrationId);
  if (state && isTerminal(state.status)) return { status: state.status };
  if (state?.status !== 'EXECUTING' || !state.playbook) {
    throw new NotExecutableError(`Orchestration ${orchestrationId} is not released for execution`);
  }

  const playbook = findCatalogPlaybook(state.playbook.id);
  if (!playbook) throw new NotExecutableError(`Playbook ${state.playbook.id} is unknown`);
  const run = { orchestrationId, playbook, parameters: state.parameters ?? {} };
  const outcome = await runPlaybook(run, config.RUNTIME_URL, config.INTEGRATION_TIMEOUT_MS);

  const at = new Date().toISOString();
  const result = await store.transition(orchestrationId, (latest) =>
    recordExecutionOutcome(latest, { ...outcome, attempts: 1 }, at),
  );
  logger.info('Playbook run recorded', { outcome: outcome.outcome, source: outcome.source });
  return { status: result.state.status };
}
