import { readDependencies } from '../adapters/read-dependencies';
import { renderPrometheus } from '../core/prometheus-exposition';
import { createApiHandler } from './api-handler';

const deps = readDependencies();

/** `GET /metrics`: the caller's organisation's counters in Prometheus text format. */
export const handler = createApiHandler('Metrics', async (request) => {
  const principal = request.principal();

  const samples = await deps.metrics.list(principal.org);
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'cache-control': 'no-store',
    },
    body: renderPrometheus(samples),
  };
});
