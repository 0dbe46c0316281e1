import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  httpUrl,
  IDENTIFIERS,
  jwksUrl,
  matching,
  oneOf,
  required,
  wholeNumber,
} from './config-checks';

/** API Gateway execution log levels the stack accepts (data tracing stays off either way). */
export const API_LOGGING_LEVELS = ['ERROR', 'INFO'] as const;
/** Execution log level of the API stage. */
export type ApiLoggingLevel = (typeof API_LOGGING_LEVELS)[number];

/** Powertools log levels the functions accept. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
/** Powertools log level of every function. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Settings of the Incident Orchestrator stack that are not plain CDK stack props. */
export interface OrchestratorSettings {
  /** Seconds an orchestration waits for its approval decision; default 14,400 (4 hours). */
  readonly approvalWindowSeconds?: number;
  /** Seconds an approved orchestration waits to be released; default 3,600 (1 hour). */
  readonly executionWindowSeconds?: number;
  /** Seconds one playbook run may take (task and Lambda timeout); default 300. */
  readonly runPlaybookTimeoutSeconds?: number;
  /** Seconds API Gateway caches the authorizer's policy per token; default 300, 0 disables. */
  readonly authorizerCacheTtlSeconds?: number;
  /** Expected `iss` claim of every JWT. Required. */
  readonly jwtIssuer: string;
  /** Expected `aud` claim of every JWT. Required. */
  readonly jwtAudience: string;
  /** The issuer's JWKS (ES256/RS256 keys). Exactly one of this and `jwtSecretArn`. */
  readonly jwtJwksUrl?: string;
  /** Complete ARN of a Secrets Manager secret holding an HS256 key of 32+ bytes. */
  readonly jwtSecretArn?: string;
  /** Claim naming the caller's organisation; default `org` (Cognito: `custom:org`). */
  readonly jwtOrgClaim?: string;
  /** Claim listing the caller's roles; default `roles` (Cognito: `cognito:groups`). */
  readonly jwtRolesClaim?: string;
  /** Playbook registry; unset means a labelled simulation validates dry-runs. */
  readonly registryUrl?: string;
  /** Runtime agent; unset means a labelled simulation runs playbooks. */
  readonly runtimeUrl?: string;
  /** Recommender; unset means the built-in catalog suggests playbooks. */
  readonly recommenderUrl?: string;
  /** Secret whose value is the registry credential (`bearer:…` or `api-key:<header>:…`). */
  readonly registryAuthSecretArn?: string;
  /** Secret whose value is the runtime agent credential. */
  readonly runtimeAuthSecretArn?: string;
  /** Secret whose value is the recommender credential. */
  readonly recommenderAuthSecretArn?: string;
  /** EventBridge bus the API and workflow functions may publish lifecycle events to. */
  readonly eventBusName?: string;
  /** Steady-state requests per second of the API stage; default 50. */
  readonly throttlingRateLimit?: number;
  /** Burst of requests the API stage accepts above the rate; default 100. */
  readonly throttlingBurstLimit?: number;
  /** Execution log level of the API stage; default ERROR. */
  readonly apiLoggingLevel?: ApiLoggingLevel;
  /** A REGIONAL WAFv2 web ACL to associate with the API stage. */
  readonly webAclArn?: string;
  /** Create the account-wide role API Gateway needs to write logs; default false. */
  readonly apiGatewayCloudWatchRole?: boolean;
  /** A customer managed KMS key for both tables; default AWS owned encryption. */
  readonly encryptionKeyArn?: string;
  /** Create a customer managed KMS key (rotated yearly, retained) for both tables. */
  readonly customerManagedKey?: boolean;
  /** Address subscribed to the alarm topic (confirm the email AWS sends). */
  readonly alarmEmail?: string;
  /** Days every log group keeps its events; default 30. */
  readonly logRetentionDays?: number;
  /** Powertools log level of every function; default INFO. */
  readonly logLevel?: LogLevel;
  /** CloudWatch namespace of the service's own metrics; default the stack name. */
  readonly metricsNamespace?: string;
}

/** Where the authorizer gets the keys that verify JWTs. */
export type JwtKeySource = { kind: 'jwks'; url: string } | { kind: 'secret'; secretArn: string };

/** How both tables are encrypted at rest. */
export type TableEncryptionChoice =
  | { kind: 'aws-owned' }
  | { kind: 'customer-managed'; keyArn?: string };

/** The settings with defaults applied and every value checked. */
export interface OrchestratorConfig {
  readonly approvalWindowSeconds: number;
  readonly executionWindowSeconds: number;
  readonly runPlaybookTimeoutSeconds: number;
  readonly authorizerCacheTtlSeconds: number;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly jwtKeySource: JwtKeySource;
  readonly jwtOrgClaim?: string;
  readonly jwtRolesClaim?: string;
  readonly registryUrl?: string;
  readonly runtimeUrl?: string;
  readonly recommenderUrl?: string;
  readonly registryAuthSecretArn?: string;
  readonly runtimeAuthSecretArn?: string;
  readonly recommenderAuthSecretArn?: string;
  readonly eventBusName?: string;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly apiLoggingLevel: ApiLoggingLevel;
  readonly webAclArn?: string;
  readonly apiGatewayCloudWatchRole: boolean;
  readonly tableEncryption: TableEncryptionChoice;
  readonly alarmEmail?: string;
  readonly logRetentionDays: number;
  readonly logLevel: LogLevel;
  readonly metricsNamespace?: string;
}

/** Defaults of the settings that have one. */
export const DEFAULTS = {
  approvalWindowSeconds: 14_400,
  executionWindowSeconds: 3_600,
  runPlaybookTimeoutSeconds: 300,
  authorizerCacheTtlSeconds: 300,
  throttlingRateLimit: 50,
  throttlingBurstLimit: 100,
  apiLoggingLevel: 'ERROR',
  logRetentionDays: 30,
  logLevel: 'INFO',
} as const;

/** A Standard execution lives at most one year, so no window may be longer. */
const MAX_WINDOW_SECONDS = 31_536_000;
/** Lambda's own limit bounds the playbook run. */
const MAX_LAMBDA_TIMEOUT_SECONDS = 900;
/** API Gateway caches an authorizer's result for at most one hour. */
const MAX_AUTHORIZER_CACHE_TTL_SECONDS = 3_600;
/** API Gateway's default account quota; a stage limit above it has no effect. */
const MAX_RATE_LIMIT = 10_000;
const MAX_BURST_LIMIT = 5_000;
/** Retention periods CloudWatch Logs offers, except "never expire". */
const RETENTION_DAYS = Object.values(RetentionDays).filter(
  (days): days is number => typeof days === 'number' && days !== RetentionDays.INFINITE,
);

/** Applies defaults and throws an error that says how to fix any invalid setting. */
export function resolveOrchestratorConfig(settings: OrchestratorSettings): OrchestratorConfig {
  return {
    ...windows(settings),
    ...jwt(settings),
    ...integrations(settings),
    ...api(settings),
    tableEncryption: tableEncryption(settings),
    ...operations(settings),
  };
}

function windows(settings: OrchestratorSettings) {
  const window = (name: 'approvalWindowSeconds' | 'executionWindowSeconds') =>
    wholeNumber(name, settings[name] ?? DEFAULTS[name], 1, MAX_WINDOW_SECONDS);
  const runPlaybook = settings.runPlaybookTimeoutSeconds ?? DEFAULTS.runPlaybookTimeoutSeconds;

  return {
    approvalWindowSeconds: window('approvalWindowSeconds'),
    executionWindowSeconds: window('executionWindowSeconds'),
    runPlaybookTimeoutSeconds: wholeNumber(
      'runPlaybookTimeoutSeconds',
      runPlaybook,
      1,
      MAX_LAMBDA_TIMEOUT_SECONDS,
    ),
  };
}

function jwt(settings: OrchestratorSettings) {
  const why = 'so the authorizer can verify JWTs';
  const ttl = settings.authorizerCacheTtlSeconds ?? DEFAULTS.authorizerCacheTtlSeconds;
  const { claimName } = IDENTIFIERS;

  return {
    authorizerCacheTtlSeconds: wholeNumber(
      'authorizerCacheTtlSeconds',
      ttl,
      0,
      MAX_AUTHORIZER_CACHE_TTL_SECONDS,
    ),
    jwtIssuer: required('jwtIssuer', settings.jwtIssuer, why),
    jwtAudience: required('jwtAudience', settings.jwtAudience, why),
    jwtKeySource: keySource(settings),
    ...optional('jwtOrgClaim', settings.jwtOrgClaim, claimName),
    ...optional('jwtRolesClaim', settings.jwtRolesClaim, claimName),
  };
}

function keySource(settings: OrchestratorSettings): JwtKeySource {
  const { jwtJwksUrl: url, jwtSecretArn: secretArn } = settings;
  if (present(url) && present(secretArn)) {
    throw new TypeError(
      'OrchestratorStack: set either jwtJwksUrl or jwtSecretArn, not both: the authorizer ' +
        'verifies with one key source.',
    );
  }

  if (present(secretArn)) {
    const { pattern, expected } = IDENTIFIERS.secretArn;
    return { kind: 'secret', secretArn: matching('jwtSecretArn', secretArn, pattern, expected) };
  }

  const why = '(or jwtSecretArn) so the authorizer can verify JWTs';
  return { kind: 'jwks', url: jwksUrl(required('jwtJwksUrl', url, why)) };
}

function integrations(settings: OrchestratorSettings): Partial<OrchestratorConfig> {
  const urls: { registryUrl?: string; runtimeUrl?: string; recommenderUrl?: string } = {};
  for (const name of ['registryUrl', 'runtimeUrl', 'recommenderUrl'] as const) {
    const value = settings[name];
    if (present(value)) {
      httpUrl(name, value);
      urls[name] = value;
    }
  }

  const { secretArn, eventBusName } = IDENTIFIERS;
  return {
    ...urls,
    ...optional('registryAuthSecretArn', settings.registryAuthSecretArn, secretArn),
    ...optional('runtimeAuthSecretArn', settings.runtimeAuthSecretArn, secretArn),
    ...optional('recommenderAuthSecretArn', settings.recommenderAuthSecretArn, secretArn),
    ...optional('eventBusName', settings.eventBusName, eventBusName),
  };
}

function api(settings: OrchestratorSettings) {
  const rate = settings.throttlingRateLimit ?? DEFAULTS.throttlingRateLimit;
  const burst = settings.throttlingBurstLimit ?? DEFAULTS.throttlingBurstLimit;
  const level = settings.apiLoggingLevel ?? DEFAULTS.apiLoggingLevel;

  return {
    throttlingRateLimit: wholeNumber('throttlingRateLimit', rate, 1, MAX_RATE_LIMIT),
    throttlingBurstLimit: wholeNumber('throttlingBurstLimit', burst, 1, MAX_BURST_LIMIT),
    apiLoggingLevel: oneOf('apiLoggingLevel', level, API_LOGGING_LEVELS),
    apiGatewayCloudWatchRole: settings.apiGatewayCloudWatchRole ?? false,
    ...optional('webAclArn', settings.webAclArn, IDENTIFIERS.webAclArn),
  };
}

function tableEncryption(settings: OrchestratorSettings): TableEncryptionChoice {
  const { encryptionKeyArn: keyArn, customerManagedKey } = settings;
  if (present(keyArn) && customerManagedKey === true) {
    throw new TypeError(
      'OrchestratorStack: set either encryptionKeyArn (bring your own key) or ' +
        'customerManagedKey (the stack creates one), not both.',
    );
  }

  if (present(keyArn)) {
    const { pattern, expected } = IDENTIFIERS.kmsKeyArn;
    return {
      kind: 'customer-managed',
      keyArn: matching('encryptionKeyArn', keyArn, pattern, expected),
    };
  }

  return customerManagedKey === true ? { kind: 'customer-managed' } : { kind: 'aws-owned' };
}

function operations(settings: OrchestratorSettings) {
  const retention = settings.logRetentionDays ?? DEFAULTS.logRetentionDays;
  const { metricsNamespace, email } = IDENTIFIERS;

  return {
    logRetentionDays: oneOf('logRetentionDays', retention, RETENTION_DAYS),
    logLevel: oneOf('logLevel', settings.logLevel ?? DEFAULTS.logLevel, LOG_LEVELS),
    ...optional('alarmEmail', settings.alarmEmail, email),
    ...optional('metricsNamespace', settings.metricsNamespace, metricsNamespace),
  };
}

function optional<Name extends string>(
  name: Name,
  value: string | undefined,
  identifier: { pattern: RegExp; expected: string },
): Partial<Record<Name, string>> {
  if (!present(value)) {
    return {};
  }

  const checked = matching(name, value, identifier.pattern, identifier.expected);
  return { [name]: checked } as Partial<Record<Name, string>>;
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
