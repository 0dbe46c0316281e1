import { RecommendationRequestSchema } from '../../functions/adapters/integration-contracts';
import { recommendFromCatalog } from '../../functions/core/catalog-recommender';
import { badRequest, notFound, type StubReply, type StubRequest } from './stub-http';

/** The recommender contract served by the catalog's own ranking. */
export function recommenderRoute(request: StubRequest): StubReply {
  if (request.method === 'GET' && request.path === '/health') {
    return { status: 200, body: { status: 'ok' } };
  }
  if (request.method !== 'POST' || request.path !== '/recommendations') {
    return notFound(`no route ${request.method} ${request.path}`);
  }

  const parsed = RecommendationRequestSchema.safeParse(request.body);
  if (!parsed.success) return badRequest('expected {incident}');
  const recommendations = recommendFromCatalog(parsed.data.incident).map(
    ({ playbookId, confidence, rationale }) => ({ playbookId, confidence, rationale }),
  );
  return { status: 200, body: { recommendations } };
}
