import type { Node } from 'constructs';
import type { OrchestratorSettings } from './orchestrator-config';

/**
 * JWT settings of the local development stack, offered to the app as context defaults so
 * `cdk synth` works out of the box. A deployed authorizer cannot reach them and denies
 * every token; deploy with `-c jwtIssuer=… -c jwtAudience=… -c jwtJwksUrl=…`.
 */
export const DEVELOPMENT_CONTEXT = {
  jwtIssuer: 'http://localhost:8004',
  jwtAudience: 'incident-orchestrator',
  jwtJwksUrl: 'http://localhost:8004/.well-known/jwks.json',
} as const;

/** Reads the stack's settings from CDK context (`cdk.json` or `-c key=value`). */
export function settingsFromContext(node: Node): OrchestratorSettings {
  return {
    approvalWindowSeconds: numberFromContext(node, 'approvalWindowSeconds'),
    executionWindowSeconds: numberFromContext(node, 'executionWindowSeconds'),
    runPlaybookTimeoutSeconds: numberFromContext(node, 'runPlaybookTimeoutSeconds'),
    authorizerCacheTtlSeconds: numberFromContext(node, 'authorizerCacheTtlSeconds'),
    // Missing JWT settings stay empty so the stack says how to supply them.
    jwtIssuer: stringFromContext(node, 'jwtIssuer') ?? '',
    jwtAudience: stringFromContext(node, 'jwtAudience') ?? '',
    jwtJwksUrl: stringFromContext(node, 'jwtJwksUrl') ?? '',
    registryUrl: stringFromContext(node, 'registryUrl'),
    runtimeUrl: stringFromContext(node, 'runtimeUrl'),
    recommenderUrl: stringFromContext(node, 'recommenderUrl'),
  };
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
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') {
    return undefined;
  }

  // `-c key=value` always arrives as a string; cdk.json may hold a number.
  const parsed = typeof value === 'number' ? value : Number(value);
  if (Number.isNaN(parsed)) {
    throw new TypeError(`Context ${key} must be a number of seconds, got "${String(value)}".`);
  }

  return parsed;
}
