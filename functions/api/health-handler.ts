import { checkDependencies } from '../adapters/dependency-health';
import { processServiceConfig } from '../adapters/service-config';
import { createApiHandler, jsonResponse } from './api-handler';

const config = processServiceConfig();

/**
 * `GET /health`: public, says nothing secret, only how each dependency is served. Always 200:
 * the API itself answers; a configured dependency that does not makes the status `degraded`.
 */
export const handler = createApiHandler('Health', async () =>
  jsonResponse(200, await checkDependencies(config)),
);
