import type { Node } from 'constructs';
import {
  API_LOGGING_LEVELS,
  type ApiLoggingLevel,
  LOG_LEVELS,
  type LogLevel,
  type OrchestratorSettings,
} from './orchestrator-config';

/**
 * JWT settings of the local development stack, used when the context names no issuer, so
 * `cdk synth` works out of the box. A deployed authorizer cannot reach them and fails every
 * request closed; deploy with `-c jwtIssuer=… -c jwtAudience=… -c jwtJwksUrl=…`.
 */
export const DEVELOPMENT_CONTEXT = {
  jwtIssuer: 'http://localhost:8004',
  jwtAudience: 'incident-orchestrator',
  jwtJwksUrl: 'http://localhost:8004/.well-known/jwks.json',
} as const;

const NUMBER_KEYS = [
  'approvalWindowSeconds',
  'executionWindowSeconds',
  'runPlaybookTimeoutSeconds',
  'authorizerCacheTtlSeconds',
  'throttlingRateLimit',
  'throttlingBurstLimit',
  'logRetentionDays',
] as const;

const STRING_KEYS = [
  'jwtJwksUrl',
  'jwtSecretArn',
  'jwtOrgClaim',
  'jwtRolesClaim',
  'registryUrl',
  'runtimeUrl',
  'recommenderUrl',
  'registryAuthSecretArn',
  'runtimeAuthSecretArn',
  'recommenderAuthSecretArn',
  'eventBusName',
  'webAclArn',
  'encryptionKeyArn',
  'alarmEmail',
  'metricsNamespace',
] as const;

const BOOLEAN_KEYS = ['apiGatewayCloudWatchRole', 'customerManagedKey'] as const;

/** Every context key the app reads, for documentation and typo checks. */
export const CONTEXT_KEYS: readonly string[] = [
  'jwtIssuer',
  'jwtAudience',
  'apiLoggingLevel',
  'logLevel',
  ...NUMBER_KEYS,
  ...STRING_KEYS,
  ...BOOLEAN_KEYS,
];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Reads the stack's settings from CDK context (`cdk.json` or `-c key=value`). */
export function settingsFromContext(node: Node): OrchestratorSettings {
  const settings: Mutable<OrchestratorSettings> = {
    // Missing JWT settings stay empty so the stack says how to supply them.
    jwtIssuer: stringFromContext(node, 'jwtIssuer') ?? '',
    jwtAudience: stringFromContext(node, 'jwtAudience') ?? '',
    apiLoggingLevel: choiceFromContext<ApiLoggingLevel>(
      node,
      'apiLoggingLevel',
      API_LOGGING_LEVELS,
    ),
    logLevel: choiceFromContext<LogLevel>(node, 'logLevel', LOG_LEVELS),
  };

  for (const key of NUMBER_KEYS) settings[key] = numberFromContext(node, key);
  for (const key of STRING_KEYS) settings[key] = stringFromContext(node, key);
  for (const key of BOOLEAN_KEYS) settings[key] = booleanFromContext(node, key);

  return dropUndefined(settings);
}

/**
 * Fills in the development issuer, audience and JWKS when the context names no JWT setting
 * at all; a context that names any of them must name all it needs, or the stack says which.
 */
export function withDevelopmentJwt(settings: OrchestratorSettings): OrchestratorSettings {
  const { jwtIssuer, jwtAudience, jwtJwksUrl, jwtSecretArn } = settings;
  if ([jwtIssuer, jwtAudience, jwtJwksUrl, jwtSecretArn].some((value) => value)) {
    return settings;
  }

  return { ...settings, ...DEVELOPMENT_CONTEXT };
}

/** True when the settings still name the local development issuer. */
export function usesDevelopmentJwt(settings: OrchestratorSettings): boolean {
  return settings.jwtIssuer === DEVELOPMENT_CONTEXT.jwtIssuer;
}

function stringFromContext(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);

  return value === undefined || value === null || value === '' ? undefined : String(value);
}

function numberFromContext(node: Node, key: string): number | undefined {
  const value = stringFromContext(node, key);
  if (value === undefined) {
    return undefined;
  }

  // `-c key=value` always arrives as a string; cdk.json may hold a number.
  const parsed = Number(value);
  if (Number.isNaN(parsed)) {
    throw new TypeError(`Context ${key} must be a number, got "${value}".`);
  }

  return parsed;
}

function booleanFromContext(node: Node, key: string): boolean | undefined {
  const value = stringFromContext(node, key);
  if (value === undefined || value === 'true' || value === 'false') {
    return value === undefined ? undefined : value === 'true';
  }

  throw new TypeError(`Context ${key} must be true or false, got "${value}".`);
}

function choiceFromContext<Choice extends string>(
  node: Node,
  key: string,
  choices: readonly Choice[],
): Choice | undefined {
  const value = stringFromContext(node, key);
  if (value === undefined || choices.some((choice) => choice === value)) {
    return value as Choice | undefined;
  }

  throw new TypeError(`Context ${key} must be one of ${choices.join(', ')}, got "${value}".`);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
