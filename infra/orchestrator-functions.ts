import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type HandlerAccess, handlerAccessList, type StateMachineAction } from './handler-access';
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
}

const AUDIT_ACTIONS = {
  none: [],
  read: ['dynamodb:GetItem', 'dynamodb:Query'],
  append: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'],
} as const;

/** Actions whose IAM resource is an execution rather than the state machine. */
const EXECUTION_ACTIONS: ReadonlySet<StateMachineAction> = new Set(['StopExecution']);

/** One {@link OrchestratorFunction} per `HANDLERS` entry, with its environment and grants. */
export class OrchestratorFunctions extends Construct {
  /** Every function by handler name, in `HANDLERS` order. */
  readonly byName: ReadonlyMap<string, OrchestratorFunction>;

  constructor(scope: Construct, id: string, props: OrchestratorFunctionsProps) {
    super(scope, id);

    const functions = new Map<string, OrchestratorFunction>();
    for (const access of handlerAccessList()) {
      const fn = this.createFunction(access, props);
      grantTables(fn, access, props.tables);
      grantStateMachine(fn, access, props);
      functions.set(access.handler.name, fn);
    }

    this.byName = functions;
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

    return new OrchestratorFunction(this, name, {
      entry,
      description,
      projectRoot: props.projectRoot,
      environment: environmentOf(access, props),
      timeout:
        name === 'RunPlaybook'
          ? Duration.seconds(props.config.runPlaybookTimeoutSeconds)
          : undefined,
    });
  }
}

function environmentOf(
  access: HandlerAccess,
  props: OrchestratorFunctionsProps,
): Record<string, string> {
  const { config, tables } = props;
  if (access.kind === 'authorizer') {
    return {
      JWT_ISSUER: config.jwtIssuer,
      JWT_AUDIENCE: config.jwtAudience,
      JWT_JWKS_URL: config.jwtJwksUrl,
      JWT_ALGORITHMS: 'ES256,RS256',
    };
  }

  const controlsWorkflow = access.kind === 'api' && access.stateMachineActions.length > 0;

  return {
    ORCHESTRATIONS_TABLE: tables.orchestrations.tableName,
    AUDIT_TABLE: tables.audit.tableName,
    APPROVAL_WINDOW_SECONDS: String(config.approvalWindowSeconds),
    EXECUTION_WINDOW_SECONDS: String(config.executionWindowSeconds),
    ...(config.registryUrl && { REGISTRY_URL: config.registryUrl }),
    ...(config.runtimeUrl && { RUNTIME_URL: config.runtimeUrl }),
    ...(config.recommenderUrl && { RECOMMENDER_URL: config.recommenderUrl }),
    ...(controlsWorkflow && { STATE_MACHINE_ARN: props.stateMachineArn }),
  };
}

function grantTables(
  fn: OrchestratorFunction,
  access: HandlerAccess,
  tables: OrchestrationTables,
): void {
  if (access.orchestrations === 'readWrite') {
    tables.orchestrations.grantReadWriteData(fn);
  } else if (access.orchestrations === 'read') {
    tables.orchestrations.grantReadData(fn);
  }

  // Audit events are append-only: never update, delete or batch-write them.
  const auditActions = AUDIT_ACTIONS[access.audit];
  if (auditActions.length > 0) {
    tables.audit.grant(fn, ...auditActions);
  }
}

function grantStateMachine(
  fn: OrchestratorFunction,
  access: HandlerAccess,
  props: OrchestratorFunctionsProps,
): void {
  const onExecutions = access.stateMachineActions.filter((a) => EXECUTION_ACTIONS.has(a));
  const onStateMachine = access.stateMachineActions.filter((a) => !EXECUTION_ACTIONS.has(a));

  if (onStateMachine.length > 0) {
    fn.addToRolePolicy(statement(onStateMachine, props.stateMachineArn));
  }

  if (onExecutions.length > 0) {
    fn.addToRolePolicy(statement(onExecutions, props.executionArns));
  }
}

function statement(actions: readonly StateMachineAction[], resource: string): PolicyStatement {
  return new PolicyStatement({
    actions: actions.map((action) => `states:${action}`),
    resources: [resource],
  });
}
