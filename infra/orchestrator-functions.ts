import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { RUN_PLAYBOOK_HANDLER, sizingOf } from './function-sizing';
import { type HandlerAccess, handlerAccessList, type Integration } from './handler-access';
import { type GrantTargets, statementsFor } from './handler-grants';
import type { OrchestrationTables } from './orchestration-tables';
import type { OrchestratorConfig } from './orchestrator-config';
import { OrchestratorFunction } from './orchestrator-function';

/** Props of {@link OrchestratorFunctions}. */
export interface OrchestratorFunctionsProps {
  readonly config: OrchestratorConfig;
  /** Directory holding `functions/` and `package-lock.json`. */
  readonly projectRoot: string;
  readonly tables: OrchestrationTables;
  /** ARN of the state machine, built from its fixed name so no cycle arises. */
  readonly stateMachineArn: string;
  /** ARN pattern matching every execution of that state machine. */
  readonly executionArns: string;
  /** `POWERTOOLS_METRICS_NAMESPACE` of every function. */
  readonly metricsNamespace: string;
}

/** One {@link OrchestratorFunction} per `HANDLERS` entry, with its environment and grants. */
export class OrchestratorFunctions extends Construct {
  /** Every function by handler name, in `HANDLERS` order. */
  readonly byName: ReadonlyMap<string, OrchestratorFunction>;
  /** What each function was granted, by handler name. */
  readonly accessByName: ReadonlyMap<string, HandlerAccess>;

  constructor(scope: Construct, id: string, props: OrchestratorFunctionsProps) {
    super(scope, id);

    const functions = new Map<string, OrchestratorFunction>();
    const accesses = new Map<string, HandlerAccess>();
    for (const access of handlerAccessList()) {
      const fn = this.createFunction(access, props);
      for (const statement of statementsFor(access, grantTargets(props))) {
        fn.addToRolePolicy(statement);
      }
      functions.set(access.handler.name, fn);
      accesses.set(access.handler.name, access);
    }

    this.byName = functions;
    this.accessByName = accesses;
  }

  /** The function of a handler; throws naming the known handlers when there is none. */
  get(name: string): OrchestratorFunction {
    const fn = this.byName.get(name);
    if (fn === undefined) {
      const known = [...this.byName.keys()].join(', ');
      throw new RangeError(`No handler named "${name}" in infra/handlers.ts; known: ${known}.`);
    }

    return fn;
  }

  private createFunction(
    access: HandlerAccess,
    props: OrchestratorFunctionsProps,
  ): OrchestratorFunction {
    const { name, entry, description } = access.handler;
    if (!existsSync(join(props.projectRoot, entry))) {
      throw new Error(
        `Handler ${name}: entry ${entry} does not exist under ${props.projectRoot}. ` +
          'Create the handler file or fix its entry in infra/handlers.ts.',
      );
    }

    const { config } = props;
    return new OrchestratorFunction(this, name, {
      entry,
      description,
      projectRoot: props.projectRoot,
      environment: environmentOf(access, props),
      sizing: sizingOf(name, config.runPlaybookTimeoutSeconds),
      logRetentionDays: config.logRetentionDays,
      logLevel: config.logLevel,
      metricsNamespace: props.metricsNamespace,
    });
  }
}

/** The environment variable each integration's credential is read from. */
const AUTH_VARIABLES: Readonly<Record<Integration, string>> = {
  registry: 'REGISTRY_AUTH',
  runtime: 'RUNTIME_AUTH',
  recommender: 'RECOMMENDER_AUTH',
};

function grantTargets(props: OrchestratorFunctionsProps): GrantTargets {
  const { config } = props;
  const source = config.jwtKeySource;

  return {
    tables: props.tables,
    stateMachineArn: props.stateMachineArn,
    executionArns: props.executionArns,
    eventBusName: config.eventBusName,
    jwtSecretArn: source.kind === 'secret' ? source.secretArn : undefined,
    integrationSecretArns: integrationSecretArns(config),
  };
}

function integrationSecretArns(config: OrchestratorConfig): Partial<Record<Integration, string>> {
  return {
    ...(config.registryAuthSecretArn && { registry: config.registryAuthSecretArn }),
    ...(config.runtimeAuthSecretArn && { runtime: config.runtimeAuthSecretArn }),
    ...(config.recommenderAuthSecretArn && { recommender: config.recommenderAuthSecretArn }),
  };
}

function environmentOf(
  access: HandlerAccess,
  props: OrchestratorFunctionsProps,
): Record<string, string> {
  return access.kind === 'authorizer'
    ? authorizerEnvironment(props.config)
    : serviceEnvironment(access, props);
}

function authorizerEnvironment(config: OrchestratorConfig): Record<string, string> {
  const source = config.jwtKeySource;

  // Only the secret's ARN: its value is read at cold start and never leaves the function.
  return {
    JWT_ISSUER: config.jwtIssuer,
    JWT_AUDIENCE: config.jwtAudience,
    ...(source.kind === 'jwks'
      ? { JWT_JWKS_URL: source.url, JWT_ALGORITHMS: 'ES256,RS256' }
      : { JWT_SECRET_ARN: source.secretArn, JWT_ALGORITHMS: 'HS256' }),
    ...(config.jwtOrgClaim && { JWT_ORG_CLAIM: config.jwtOrgClaim }),
    ...(config.jwtRolesClaim && { JWT_ROLES_CLAIM: config.jwtRolesClaim }),
  };
}

function serviceEnvironment(
  access: HandlerAccess,
  props: OrchestratorFunctionsProps,
): Record<string, string> {
  const { config, tables } = props;
  const drivesWorkflow = access.stateMachine.length > 0 || access.executions.length > 0;
  const publishes = config.eventBusName !== undefined && access.publishesEvents;

  return {
    ORCHESTRATIONS_TABLE: tables.orchestrations.tableName,
    AUDIT_TABLE: tables.audit.tableName,
    APPROVAL_WINDOW_SECONDS: String(config.approvalWindowSeconds),
    EXECUTION_WINDOW_SECONDS: String(config.executionWindowSeconds),
    ...(config.registryUrl && { REGISTRY_URL: config.registryUrl }),
    ...(config.runtimeUrl && { RUNTIME_URL: config.runtimeUrl }),
    ...(config.recommenderUrl && { RECOMMENDER_URL: config.recommenderUrl }),
    ...(access.kind === 'api' && drivesWorkflow && { STATE_MACHINE_ARN: props.stateMachineArn }),
    ...(publishes && config.eventBusName && { EVENT_BUS_NAME: config.eventBusName }),
    ...(access.handler.name === RUN_PLAYBOOK_HANDLER && {
      RUN_PLAYBOOK_TIMEOUT_SECONDS: String(config.runPlaybookTimeoutSeconds),
    }),
    ...credentialEnvironment(access, config),
  };
}

/** Only the secret's ARN, as `secret:<arn>`, and only for the functions calling that service. */
function credentialEnvironment(
  access: HandlerAccess,
  config: OrchestratorConfig,
): Record<string, string> {
  const secrets = integrationSecretArns(config);
  const entries = access.integrations.flatMap((name) => {
    const secretArn = secrets[name];
    return secretArn === undefined ? [] : [[AUTH_VARIABLES[name], `secret:${secretArn}`]];
  });

  return Object.fromEntries(entries);
}
