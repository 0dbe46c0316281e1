/** Settings of the Incident Orchestrator stack that are not plain CDK stack props. */
export interface OrchestratorSettings {
  /** Seconds an orchestration waits for its approval decision; default 14,400 (4 hours). */
  readonly approvalWindowSeconds?: number;
  /** Seconds an approved orchestration waits to be released; default 3,600 (1 hour). */
  readonly executionWindowSeconds?: number;
  /** Seconds one playbook run may take (task and Lambda timeout); default 300. */
  readonly runPlaybookTimeoutSeconds?: number;
  /** Seconds API Gateway caches the authorizer's policy per token; default 300. */
  readonly authorizerCacheTtlSeconds?: number;
  /** Expected `iss` claim of every JWT. Required. */
  readonly jwtIssuer: string;
  /** Expected `aud` claim of every JWT. Required. */
  readonly jwtAudience: string;
  /** Where the authorizer fetches the issuer's signing keys. Required. */
  readonly jwtJwksUrl: string;
  /** Playbook registry; unset means a labelled simulation validates dry-runs. */
  readonly registryUrl?: string;
  /** Runtime agent; unset means a labelled simulation runs playbooks. */
  readonly runtimeUrl?: string;
  /** Recommender; unset means the built-in catalog suggests playbooks. */
  readonly recommenderUrl?: string;
}

/** The settings with defaults applied and every value checked. */
export interface OrchestratorConfig {
  readonly approvalWindowSeconds: number;
  readonly executionWindowSeconds: number;
  readonly runPlaybookTimeoutSeconds: number;
  readonly authorizerCacheTtlSeconds: number;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly jwtJwksUrl: string;
  readonly registryUrl?: string;
  readonly runtimeUrl?: string;
  readonly recommenderUrl?: string;
}

/** Default approval window: four hours. */
export const DEFAULT_APPROVAL_WINDOW_SECONDS = 14_400;
/** Default execution window: one hour. */
export const DEFAULT_EXECUTION_WINDOW_SECONDS = 3_600;
/** Default time one playbook run may take. */
export const DEFAULT_RUN_PLAYBOOK_TIMEOUT_SECONDS = 300;
/** Default authorizer result cache TTL. */
export const DEFAULT_AUTHORIZER_CACHE_TTL_SECONDS = 300;

/** A Standard execution lives at most one year, so no window may be longer. */
const MAX_WINDOW_SECONDS = 31_536_000;
/** Lambda's own limit bounds the playbook run. */
const MAX_LAMBDA_TIMEOUT_SECONDS = 900;
/** API Gateway caches an authorizer's result for at most one hour. */
const MAX_AUTHORIZER_CACHE_TTL_SECONDS = 3_600;
/** Hosts on the developer's machine or a private network, where plain http is acceptable. */
const LOCAL_HOSTS: readonly RegExp[] = [
  /^localhost$/,
  /^host\.docker\.internal$/,
  /^0\.0\.0\.0$/,
  /^\[::1?\]$/,
  /^127\.\d+\.\d+\.\d+$/,
  /^10\.\d+\.\d+\.\d+$/,
  /^192\.168\.\d+\.\d+$/,
  /^172\.(1[6-9]|2\d|3[01])\.\d+\.\d+$/,
];

/** Applies defaults and throws an error that says how to fix any invalid setting. */
export function resolveOrchestratorConfig(settings: OrchestratorSettings): OrchestratorConfig {
  const windows = {
    approvalWindowSeconds: seconds(
      'approvalWindowSeconds',
      settings.approvalWindowSeconds ?? DEFAULT_APPROVAL_WINDOW_SECONDS,
      MAX_WINDOW_SECONDS,
    ),
    executionWindowSeconds: seconds(
      'executionWindowSeconds',
      settings.executionWindowSeconds ?? DEFAULT_EXECUTION_WINDOW_SECONDS,
      MAX_WINDOW_SECONDS,
    ),
    runPlaybookTimeoutSeconds: seconds(
      'runPlaybookTimeoutSeconds',
      settings.runPlaybookTimeoutSeconds ?? DEFAULT_RUN_PLAYBOOK_TIMEOUT_SECONDS,
      MAX_LAMBDA_TIMEOUT_SECONDS,
    ),
  };

  return {
    ...windows,
    authorizerCacheTtlSeconds: cacheTtl(settings.authorizerCacheTtlSeconds),
    jwtIssuer: required('jwtIssuer', settings.jwtIssuer),
    jwtAudience: required('jwtAudience', settings.jwtAudience),
    jwtJwksUrl: jwksUrl(required('jwtJwksUrl', settings.jwtJwksUrl)),
    ...integrationUrls(settings),
  };
}

function integrationUrls(settings: OrchestratorSettings): Partial<OrchestratorConfig> {
  const urls: { registryUrl?: string; runtimeUrl?: string; recommenderUrl?: string } = {};
  for (const name of ['registryUrl', 'runtimeUrl', 'recommenderUrl'] as const) {
    const value = settings[name];
    if (value !== undefined && value !== '') {
      url(name, value);
      urls[name] = value;
    }
  }

  return urls;
}

function seconds(name: string, value: number, maximum: number): number {
  if (!Number.isInteger(value) || value < 1 || value > maximum) {
    throw new RangeError(
      `OrchestratorStack: ${name} must be a whole number of seconds from 1 to ${maximum}, ` +
        `got ${value}. Fix the prop or pass -c ${name}=<seconds>.`,
    );
  }

  return value;
}

function cacheTtl(value: number | undefined): number {
  const ttl = value ?? DEFAULT_AUTHORIZER_CACHE_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_AUTHORIZER_CACHE_TTL_SECONDS) {
    throw new RangeError(
      `OrchestratorStack: authorizerCacheTtlSeconds must be a whole number from 0 (no cache) ` +
        `to ${MAX_AUTHORIZER_CACHE_TTL_SECONDS}, got ${ttl}.`,
    );
  }

  return ttl;
}

function required(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new TypeError(
      `OrchestratorStack: ${name} is required so the authorizer can verify JWTs. ` +
        `Set the ${name} prop, or deploy with -c ${name}=<value>.`,
    );
  }

  return value;
}

function url(name: string, value: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch (error) {
    throw new TypeError(`OrchestratorStack: ${name} must be an absolute URL, got "${value}".`, {
      cause: error,
    });
  }

  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`OrchestratorStack: ${name} must be an http(s) URL, got "${value}".`);
  }

  return parsed;
}

function jwksUrl(value: string): string {
  const parsed = url('jwtJwksUrl', value);

  // Signing keys fetched over plain http could be swapped in transit.
  if (parsed.protocol !== 'https:' && !LOCAL_HOSTS.some((host) => host.test(parsed.hostname))) {
    throw new TypeError(
      'OrchestratorStack: jwtJwksUrl must use https (plain http is accepted for local and ' +
        `private-network hosts only), got "${value}".`,
    );
  }

  return value;
}
