import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { releaseDecidedWait } from '../adapters/wait-release';
import { recordRejection } from '../core/orchestration-transitions';
import { createApiHandler, jsonResponse } from './api-handler';
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
    const { store, workflow } = deps;

    await store.loadForOrg(orchestrationId, principal.org);
    const at = new Date().toISOString();
    const { state } = await store.transition(orchestrationId, (latest) =>
      recordRejection(latest, principal, justification, at),
    );
    const release = await releaseDecidedWait(store, workflow, state, 'approval');
    logger.info('Rejection recorded', { release });

    return jsonResponse(200, { status: state.status });
  },
  () => deps.config.MAX_BODY_BYTES,
);
