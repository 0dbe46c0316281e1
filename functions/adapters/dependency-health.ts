import { withSlash } from './integration-client';
import { requestJson } from './json-http-client';
import type { ServiceConfig } from './service-config';
import { logger } from './service-logger';

/** How a dependency is served right now. */
export type DependencyMode = 'simulated' | 'catalog' | 'configured' | 'unreachable';

/** What `GET /health` reports: `degraded` when a configured dependency does not answer. */
export interface HealthReport {
  status: 'ok' | 'degraded';
  dependencies: { registry: DependencyMode; runtime: DependencyMode; recommender: DependencyMode };
}

// Probes are cheap but the route is public: a cached answer keeps it from amplifying traffic.
const CACHE_MS = 10_000;
const MAX_PROBE_TIMEOUT_MS = 1_000;

const cache = new Map<string, { report: HealthReport; until: number }>();

/**
 * Reports each dependency: `simulated` (or `catalog` for the recommender) when unset, else
 * `configured` when its `GET {base}/health` answers 2xx in time, otherwise `unreachable`.
 */
export async function checkDependencies(config: ServiceConfig): Promise<HealthReport> {
  const key = [config.REGISTRY_URL, config.RUNTIME_URL, config.RECOMMENDER_URL].join(' ');
  const cached = cache.get(key);
  if (cached && cached.until > Date.now()) return cached.report;

  const timeoutMs = Math.min(MAX_PROBE_TIMEOUT_MS, config.INTEGRATION_TIMEOUT_MS);
  const [registry, runtime, recommender] = await Promise.all([
    probe('registry', config.REGISTRY_URL, 'simulated', timeoutMs),
    probe('runtime', config.RUNTIME_URL, 'simulated', timeoutMs),
    probe('recommender', config.RECOMMENDER_URL, 'catalog', timeoutMs),
  ]);
  const dependencies = { registry, runtime, recommender };
  const degraded = Object.values(dependencies).includes('unreachable');

  const report: HealthReport = { status: degraded ? 'degraded' : 'ok', dependencies };
  cache.set(key, { report, until: Date.now() + CACHE_MS });
  return report;
}

async function probe(
  dependency: string,
  baseUrl: string | undefined,
  unset: DependencyMode,
  timeoutMs: number,
): Promise<DependencyMode> {
  if (!baseUrl) return unset;

  try {
    // No credentials and no retry: the contract keeps /health open, and a probe stays cheap.
    const url = new URL('health', withSlash(baseUrl)).href;
    await requestJson({ dependency, method: 'GET', url, timeoutMs });
    return 'configured';
  } catch (error) {
    logger.warn('Dependency health probe failed', { dependency, error });
    return 'unreachable';
  }
}
