import { readDependencies } from '../adapters/read-dependencies';
import { verifyAuditChain } from '../core/audit-verifier';
import { createApiHandler, jsonResponse } from './api-handler';

const deps = readDependencies();

/** `GET /orchestrations/{id}/audit`: every audit event and whether the chain holds. */
export const handler = createApiHandler('GetAudit', async (request) => {
  const principal = request.principal();
  const orchestrationId = request.orchestrationId();
  const { store } = deps;

  const { state, events } = await store.loadWithEvents(orchestrationId, principal.org);
  const verification = verifyAuditChain(orchestrationId, events, state.auditHead);

  return jsonResponse(200, { events, verification });
});
