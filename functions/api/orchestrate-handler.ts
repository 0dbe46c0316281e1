import { randomUUID } from 'node:crypto';
import { suggestPlaybooks } from '../adapters/recommendation-service';
import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { type Principal, suggest } from '../core/orchestration-transitions';
import { createApiHandler, jsonResponse } from './api-handler';
import { runIdempotently } from './idempotent-request';
import { type OrchestrateRequest, OrchestrateRequestSchema } from './request-schemas';

const deps = serviceDependencies();

/** `POST /orchestrate`: records an incident and the playbooks proposed for it. */
export const handler = createApiHandler(
  'Orchestrate',
  async (request) => {
    const principal = request.principal();
    const body = request.body(OrchestrateRequestSchema);

    return runIdempotently(request, principal, 'orchestrate', body, () =>
      createOrchestration(principal, body),
    );
  },
  () => deps.config.MAX_BODY_BYTES,
);

async function createOrchestration(principal: Principal, body: OrchestrateRequest) {
  const { config, store } = deps;
  const suggestion = await suggestPlaybooks(
    body.incident,
    config.RECOMMENDER_URL,
    config.INTEGRATION_TIMEOUT_MS,
  );

  const orchestrationId = randomUUID();
  logger.appendKeys({ orchestrationId });
  const data = {
    orgId: principal.org,
    incident: body.incident,
    recommendations: suggestion.recommendations,
    recommendationSource: suggestion.source,
  };
  const at = new Date().toISOString();
  const state = await store.create(orchestrationId, suggest(principal, data, at));
  logger.info('Orchestration suggested', { source: suggestion.source });

  const response = {
    orchestrationId,
    status: state.status,
    recommendations: state.recommendations,
    source: state.recommendationSource,
  };
  return jsonResponse(201, response, { location: `/orchestrations/${orchestrationId}` });
}
