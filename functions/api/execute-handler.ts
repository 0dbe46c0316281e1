import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { releaseDecidedWait } from '../adapters/wait-release';
import { requestExecution } from '../core/orchestration-transitions';
import { createApiHandler, jsonResponse } from './api-handler';
import { EmptyRequestSchema } from './request-schemas';
import { requireAdmin } from './route-guards';

const deps = serviceDependencies();

/** `POST /orchestrations/{id}/execute`: releases an approved playbook to the runtime. */
export const handler = createApiHandler(
  'Execute',
  async (request) => {
    const principal = requireAdmin(request.principal());
    const orchestrationId = request.orchestrationId();
    request.body(EmptyRequestSchema);
    const { store, workflow } = deps;

    await store.loadForOrg(orchestrationId, principal.org);
    const at = new Date().toISOString();
    const { state } = await store.transition(orchestrationId, (latest) =>
      requestExecution(latest, principal, at),
    );

    // The approval wait may still hold its token if that release failed earlier.
    const approvalRelease = await releaseDecidedWait(store, workflow, state, 'approval');
    const executionRelease = await releaseDecidedWait(store, workflow, state, 'execution');
    logger.info('Execution requested', { approvalRelease, executionRelease });

    return jsonResponse(202, { status: state.status });
  },
  () => deps.config.MAX_BODY_BYTES,
);
