import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { releaseDecidedWait } from '../adapters/wait-release';
import { recordApproval } from '../core/orchestration-transitions';
import { createApiHandler, jsonResponse } from './api-handler';
import { DecisionRequestSchema } from './request-schemas';
import { requireAdmin } from './route-guards';

const deps = serviceDependencies();

/** `POST /orchestrations/{id}/approve`: one `org-admin`'s justified approval. */
export const handler = createApiHandler(
  'Approve',
  async (request) => {
    const principal = requireAdmin(request.principal());
    const orchestrationId = request.orchestrationId();
    const { justification } = request.body(DecisionRequestSchema);
    const { store, workflow } = deps;

    await store.loadForOrg(orchestrationId, principal.org);
    const at = new Date().toISOString();
    const { state } = await store.transition(orchestrationId, (latest) =>
      recordApproval(latest, principal, justification, at),
    );
    logger.info('Approval recorded', { approvals: state.approvals.length, status: state.status });

    if (state.status === 'APPROVED') {
      // Starting again is a no-op for a running workflow and heals a start that failed.
      await workflow.start(orchestrationId, state.mode ?? 'manual');
      const release = await releaseDecidedWait(store, workflow, state, 'approval');
      logger.info('Approval wait', { release });
    }

    return jsonResponse(200, {
      status: state.status,
      approvals: state.approvals,
      requiredApprovals: state.requiredApprovals,
    });
  },
  () => deps.config.MAX_BODY_BYTES,
);
