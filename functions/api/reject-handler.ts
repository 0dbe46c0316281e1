import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { releaseDecidedWait } from '../adapters/wait-release';
import { type Principal, recordRejection } from '../core/orchestration-transitions';
import { createApiHandler, jsonResponse } from './api-handler';
import { runIdempotently } from './idempotent-request';
import { DecisionRequestSchema } from './request-schemas';
import { requireAdmin } from './route-guards';

const deps = serviceDependencies();

/** `POST /orchestrations/{id}/reject`: a justified rejection that ends the orchestration. */
export const handler = createApiHandler(
  'Reject',
  async (request) => {
    const principal = requireAdmin(request.principal());
    const orchestrationId = request.orchestrationId();
    const { justification } = request.body(DecisionRequestSchema);

    return runIdempotently(request, principal, `reject:${orchestrationId}`, justification, () =>
      reject(orchestrationId, principal, justification),
    );
  },
  () => deps.config.MAX_BODY_BYTES,
);

async function reject(orchestrationId: string, principal: Principal, justification: string) {
  const { store, workflow } = deps;

  const at = new Date().toISOString();
  const { state } = await store.transition(
    orchestrationId,
    (latest) => recordRejection(latest, principal, justification, at),
    principal.org,
  );

  // Fails the approval wait with `Rejected`, which ends the workflow.
  const release = await releaseDecidedWait(store, workflow, state, 'approval');
  logger.info('Rejection recorded', { release });
  return jsonResponse(200, { status: state.status });
}
