import { readDependencies } from '../adapters/read-dependencies';
import { createApiHandler, jsonResponse } from './api-handler';

const deps = readDependencies();

/** `GET /orchestrations/{id}`: the full view; task tokens live in other items and never show. */
export const handler = createApiHandler('GetOrchestration', async (request) => {
  const principal = request.principal();
  const orchestrationId = request.orchestrationId();

  const state = await deps.store.loadForOrg(orchestrationId, principal.org);
  return jsonResponse(200, state);
});
