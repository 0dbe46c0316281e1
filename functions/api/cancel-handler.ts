import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { type Principal, recordCancellation } from '../core/orchestration-transitions';
import { createApiHandler, jsonResponse } from './api-handler';
import { runIdempotently } from './idempotent-request';
import { EmptyRequestSchema } from './request-schemas';

const deps = serviceDependencies();

/** `POST /orchestrations/{id}/cancel`: the requester or an `org-admin` calls it off. */
export const handler = createApiHandler(
  'Cancel',
  async (request) => {
    const principal = request.principal();
    const orchestrationId = request.orchestrationId();
    const body = request.body(EmptyRequestSchema);

    return runIdempotently(request, principal, `cancel:${orchestrationId}`, body, () =>
      cancel(orchestrationId, principal),
    );
  },
  () => deps.config.MAX_BODY_BYTES,
);

async function cancel(orchestrationId: string, principal: Principal) {
  const { store, workflow } = deps;

  const at = new Date().toISOString();
  const { state } = await store.transition(
    orchestrationId,
    (latest) => recordCancellation(latest, principal, at),
    principal.org,
  );

  // Stopping a workflow that never started is a no-op; stopping one leaves nothing waiting.
  await workflow.stop(orchestrationId, 'Orchestration cancelled');
  logger.info('Orchestration cancelled');
  return jsonResponse(200, { status: state.status });
}
