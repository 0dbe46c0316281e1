import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { actorOf, type Principal } from '../core/orchestration-transitions';
import { createApiHandler, jsonResponse } from './api-handler';
import { runIdempotently } from './idempotent-request';
import { policyView } from './policy-view';
import { type PutPolicyRequest, PutPolicyRequestSchema } from './request-schemas';
import { requireAdmin } from './route-guards';

const deps = serviceDependencies();

/** `PUT /policies`: an `org-admin` replaces the organisation's policy; audited in its chain. */
export const handler = createApiHandler(
  'PutPolicies',
  async (request) => {
    const principal = requireAdmin(request.principal());
    const body = request.body(PutPolicyRequestSchema);

    return runIdempotently(request, principal, 'put-policies', body, () =>
      replacePolicy(principal, body),
    );
  },
  () => deps.config.MAX_BODY_BYTES,
);

async function replacePolicy(principal: Principal, body: PutPolicyRequest) {
  const { policy, event } = await deps.policies.replace(
    principal.org,
    body.policy,
    actorOf(principal),
    body.expectedVersion,
  );
  logger.info('Policy changed', { version: policy.version, auditSeq: event.seq });

  return jsonResponse(200, policyView(policy, deps.config));
}
