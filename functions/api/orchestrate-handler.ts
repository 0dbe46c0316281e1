import { randomUUID } from 'node:crypto';
import { suggestPlaybooks } from '../adapters/recommendation-service';
import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { ValidationError } from '../core/errors';
import { type Principal, suggest } from '../core/orchestration-transitions';
import { createApiHandler, jsonResponse } from './api-handler';
import type { ApiRequest } from './api-request';
import {
  IdempotencyKeySchema,
  type OrchestrateRequest,
  OrchestrateRequestSchema,
} from './request-schemas';

const deps = serviceDependencies();

/** `POST /orchestrate`: records an incident and the playbooks proposed for it. */
export const handler = createApiHandler(
  'Orchestrate',
  async (request) => {
    const principal = request.principal();
    const body = request.body(OrchestrateRequestSchema);
    const key = idempotencyKey(request);
    const create = () => createOrchestration(principal, body);

    if (!key) return create();

    const scope = { org: principal.org, sub: principal.sub, route: 'orchestrate', key };
    return deps.idempotency.run(scope, body, create);
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
  const state = await store.create(
    orchestrationId,
    suggest(principal, data, new Date().toISOString()),
  );
  logger.info('Orchestration suggested', { source: suggestion.source });

  const location = `/orchestrations/${orchestrationId}`;
  const response = {
    orchestrationId,
    status: state.status,
    recommendations: state.recommendations,
    source: state.recommendationSource,
  };
  return jsonResponse(201, response, { location });
}

function idempotencyKey(request: ApiRequest): string | undefined {
  const key = request.header('idempotency-key');
  if (key === undefined) return undefined;

  const parsed = IdempotencyKeySchema.safeParse(key);
  if (!parsed.success) {
    throw new ValidationError([
      { field: 'Idempotency-Key', message: 'must be 1–128 visible ASCII characters' },
    ]);
  }
  return parsed.data;
}
