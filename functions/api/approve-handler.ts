import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { releaseDecidedWait } from '../adapters/wait-release';
import { currentPlanDigest } from '../core/approval-policy';
import { ValidationError } from '../core/errors';
import { type Principal, recordApproval } from '../core/orchestration-transitions';
import { createApiHandler, jsonResponse } from './api-handler';
import { runIdempotently } from './idempotent-request';
import { planOf } from './plan-of';
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

    return runIdempotently(request, principal, `approve:${orchestrationId}`, justification, () =>
      approve(orchestrationId, principal, justification),
    );
  },
  () => deps.config.MAX_BODY_BYTES,
);

async function approve(orchestrationId: string, principal: Principal, justification: string) {
  const { store, workflow, policies } = deps;
  const inForce = await policies.load(principal.org);
  requireJustification(justification, inForce.policy.minJustificationLength);

  const at = new Date().toISOString();
  const { state } = await store.transition(
    orchestrationId,
    (latest) =>
      recordApproval(
        latest,
        principal,
        justification,
        currentPlanDigest(planOf(latest), inForce.version),
        at,
      ),
    principal.org,
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
}

function requireJustification(justification: string, minimum: number): void {
  if (justification.length < minimum) {
    const message = `must be at least ${minimum} characters under the organisation policy`;
    throw new ValidationError([{ field: 'justification', message }]);
  }
}
