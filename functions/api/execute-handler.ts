import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { releaseDecidedWait } from '../adapters/wait-release';
import { currentPlanDigest } from '../core/approval-policy';
import { type Principal, requestExecution } from '../core/orchestration-transitions';
import { createApiHandler, jsonResponse } from './api-handler';
import { runIdempotently } from './idempotent-request';
import { planOf } from './plan-of';
import { EmptyRequestSchema } from './request-schemas';
import { requireAdmin } from './route-guards';

const deps = serviceDependencies();

/** `POST /orchestrations/{id}/execute`: releases an approved playbook to the runtime. */
export const handler = createApiHandler(
  'Execute',
  async (request) => {
    const principal = requireAdmin(request.principal());
    const orchestrationId = request.orchestrationId();
    const body = request.body(EmptyRequestSchema);

    return runIdempotently(request, principal, `execute:${orchestrationId}`, body, () =>
      execute(orchestrationId, principal),
    );
  },
  () => deps.config.MAX_BODY_BYTES,
);

async function execute(orchestrationId: string, principal: Principal) {
  const { store, workflow, policies } = deps;
  const inForce = await policies.load(principal.org);

  const at = new Date().toISOString();
  const { state } = await store.transition(
    orchestrationId,
    (latest) =>
      requestExecution(latest, principal, currentPlanDigest(planOf(latest), inForce.version), at),
    principal.org,
  );

  // The approval wait may still hold its token if that release failed earlier.
  const approvalRelease = await releaseDecidedWait(store, workflow, state, 'approval');
  const executionRelease = await releaseDecidedWait(store, workflow, state, 'execution');
  logger.info('Execution requested', { approvalRelease, executionRelease });

  return jsonResponse(202, { status: state.status });
}
