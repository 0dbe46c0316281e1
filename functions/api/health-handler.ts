import { readServiceConfig } from '../adapters/service-config';
import { createApiHandler, jsonResponse } from './api-handler';

const config = readServiceConfig();

/** How each integration is served: by a configured service or by a labelled simulation. */
function dependencyModes() {
  const mode = (url: string | undefined, fallback: string) => (url ? 'configured' : fallback);
  return {
    registry: mode(config.REGISTRY_URL, 'simulated'),
    runtime: mode(config.RUNTIME_URL, 'simulated'),
    recommender: mode(config.RECOMMENDER_URL, 'catalog'),
  };
}

/** `GET /health`: public, says nothing secret, only how the service is wired. */
export const handler = createApiHandler('Health', async () =>
  jsonResponse(200, { status: 'ok', dependencies: dependencyModes() }),
);
