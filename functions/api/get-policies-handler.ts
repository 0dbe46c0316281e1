import { readDependencies } from '../adapters/read-dependencies';
import { createApiHandler, jsonResponse } from './api-handler';
import { policyView } from './policy-view';

const deps = readDependencies();

/** `GET /policies`: the caller's organisation's policy in force, for any member. */
export const handler = createApiHandler('GetPolicies', async (request) => {
  const principal = request.principal();

  const inForce = await deps.policies.load(principal.org);
  return jsonResponse(200, policyView(inForce, deps.config));
});
