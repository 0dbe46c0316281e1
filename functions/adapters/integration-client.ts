import { CircuitBreaker, type CircuitBreakerSettings } from './circuit-breaker';
import { IntegrationCredentials, parseIntegrationAuth } from './integration-auth';
import { IntegrationError, isTransientFailure, requestJson } from './json-http-client';
import { type RetryPolicy, withRetries } from './retry-policy';
import type { ServiceConfig } from './service-config';
import { logger } from './service-logger';

/** The three services the orchestrator integrates with. */
export type DependencyName = 'registry' | 'runtime' | 'recommender';

/** Everything one dependency's client needs. */
export interface IntegrationClientSettings {
  dependency: DependencyName;
  baseUrl: string;
  timeoutMs: number;
  retry: RetryPolicy;
  breaker: CircuitBreakerSettings;
  credentials: IntegrationCredentials;
}

/** How one call is made. */
export interface CallOptions {
  /** Retry transient failures: only for a call that is safe to repeat. */
  retry: boolean;
  headers?: Record<string, string>;
  /** Epoch ms by which the call, retries included, must be over. */
  deadline?: number;
  /** Runs before each request actually sent (a fail-fast of the breaker sends none). */
  beforeSend?(attempt: number): Promise<void>;
}

const RETRY_BASE_DELAY_MS = 100;
const RETRY_MAX_DELAY_MS = 1_000;

/**
 * A JSON client of one dependency: every request has a timeout, safe calls are retried with
 * full jitter, and a circuit breaker fails fast while the dependency is down.
 */
export class IntegrationClient {
  readonly breaker: CircuitBreaker;

  constructor(private readonly settings: IntegrationClientSettings) {
    this.breaker = new CircuitBreaker(settings.dependency, settings.breaker, countsAsOutage);
  }

  /** The dependency this client calls. */
  get dependency(): DependencyName {
    return this.settings.dependency;
  }

  /** GETs `path` below the base URL. */
  get(path: string, options: CallOptions): Promise<unknown> {
    return this.call('GET', path, undefined, options);
  }

  /** POSTs `body` to `path` below the base URL. */
  post(path: string, body: unknown, options: CallOptions): Promise<unknown> {
    return this.call('POST', path, body, options);
  }

  private call(method: 'GET' | 'POST', path: string, body: unknown, options: CallOptions) {
    const url = new URL(path, withSlash(this.settings.baseUrl)).href;
    const policy = options.retry ? this.settings.retry : { ...this.settings.retry, maxAttempts: 1 };

    return withRetries((attempt) => this.attempt(method, url, body, options, attempt), policy, {
      retryable: isTransientFailure,
      deadline: options.deadline,
      onRetry: ({ attempt, delayMs, error }) =>
        logger.warn('Integration call failed; retrying', {
          dependency: this.dependency,
          method,
          attempt,
          delayMs,
          error,
        }),
    });
  }

  private async attempt(
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    options: CallOptions,
    attempt: number,
  ): Promise<unknown> {
    const credentials = await this.settings.credentials.headers();
    const timeoutMs = this.timeoutWithin(options.deadline);
    const headers = { ...credentials, ...options.headers };

    return this.breaker.run(async () => {
      await options.beforeSend?.(attempt);
      return requestJson({ dependency: this.dependency, method, url, body, headers, timeoutMs });
    });
  }

  private timeoutWithin(deadline: number | undefined): number {
    if (deadline === undefined) return this.settings.timeoutMs;

    const left = deadline - Date.now();
    if (left <= 0) {
      throw new IntegrationError('timeout', `${this.dependency} call had no time left to run`);
    }
    return Math.min(this.settings.timeoutMs, left);
  }
}

/** Failures that say the dependency is in trouble; they open the circuit. */
function countsAsOutage(error: unknown): boolean {
  return (
    isTransientFailure(error) ||
    (error instanceof IntegrationError && error.reason === 'malformed-response')
  );
}

/** Ensures relative paths resolve below the configured base rather than beside it. */
export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

const AUTH_VARIABLES = {
  registry: 'REGISTRY_AUTH',
  runtime: 'RUNTIME_AUTH',
  recommender: 'RECOMMENDER_AUTH',
} as const satisfies Record<DependencyName, keyof ServiceConfig>;

/** Builds a dependency's client settings from the validated configuration. */
export function clientSettings(
  dependency: DependencyName,
  baseUrl: string,
  config: ServiceConfig,
): IntegrationClientSettings {
  const spec = config[AUTH_VARIABLES[dependency]];
  const auth = spec === undefined ? undefined : parseIntegrationAuth(spec);

  return {
    dependency,
    baseUrl,
    timeoutMs: config.INTEGRATION_TIMEOUT_MS,
    retry: {
      maxAttempts: config.INTEGRATION_MAX_ATTEMPTS,
      baseDelayMs: RETRY_BASE_DELAY_MS,
      maxDelayMs: RETRY_MAX_DELAY_MS,
    },
    breaker: {
      failureThreshold: config.INTEGRATION_BREAKER_THRESHOLD,
      coolDownMs: config.INTEGRATION_BREAKER_COOLDOWN_MS,
    },
    credentials: new IntegrationCredentials(dependency, auth),
  };
}

// One client, hence one circuit breaker, per dependency and warm container.
const clients = new Map<string, IntegrationClient>();

/** The warm container's client of a dependency at `baseUrl`. */
export function integrationClient(
  dependency: DependencyName,
  baseUrl: string,
  config: ServiceConfig,
): IntegrationClient {
  const key = `${dependency} ${baseUrl}`;
  let client = clients.get(key);
  if (!client) {
    client = new IntegrationClient(clientSettings(dependency, baseUrl, config));
    clients.set(key, client);
  }
  return client;
}
