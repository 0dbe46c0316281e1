import { API_ROUTES } from '../functions/core/api-routes';
import { HANDLERS, type HandlerDefinition } from './handlers';

/** Name of the JWT authorizer in `HANDLERS`. */
export const AUTHORIZER_HANDLER = 'Authorizer';

/** What a handler is for: verifying tokens, serving routes, or running workflow steps. */
export type HandlerKind = 'authorizer' | 'api' | 'workflow';

/** DynamoDB data-plane actions, without the `dynamodb:` prefix. */
export type TableAction = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem';

/** Step Functions actions on the state machine, without the `states:` prefix. */
export type StateMachineAction = 'StartExecution' | 'SendTaskSuccess' | 'SendTaskFailure';

/** Step Functions actions on the state machine's executions. */
export type ExecutionAction = 'StopExecution';

/** The outside services a handler may call, each with its own optional credential. */
export type Integration = 'registry' | 'runtime' | 'recommender';

/** What one handler calls, by resource; the stack grants exactly this and nothing more. */
export interface HandlerCalls {
  /** Actions on the orchestrations table (state, task tokens, idempotency, policies). */
  readonly orchestrations?: readonly TableAction[];
  /** Actions on the `byOrg` index of the orchestrations table. */
  readonly byOrgIndex?: readonly TableAction[];
  /** Actions on the audit table; never UpdateItem or DeleteItem (append-only). */
  readonly audit?: readonly TableAction[];
  readonly stateMachine?: readonly StateMachineAction[];
  readonly executions?: readonly ExecutionAction[];
  /** Publishes a domain event per recorded transition (when a bus is configured). */
  readonly publishesEvents?: boolean;
  readonly integrations?: readonly Integration[];
}

/** Everything the stack grants one handler. */
export interface HandlerAccess {
  readonly handler: HandlerDefinition;
  readonly kind: HandlerKind;
  readonly orchestrations: readonly TableAction[];
  readonly byOrgIndex: readonly TableAction[];
  readonly audit: readonly TableAction[];
  readonly stateMachine: readonly StateMachineAction[];
  readonly executions: readonly ExecutionAction[];
  readonly publishesEvents: boolean;
  readonly integrations: readonly Integration[];
}

/** Loads an orchestration: projection, newer audit events, read-repair of the projection. */
const LOAD: HandlerCalls = { orchestrations: ['GetItem', 'PutItem'], audit: ['Query'] };
/** Records a transition: load, append the audit event, write the projection, count, publish. */
const TRANSITION = merge(LOAD, {
  orchestrations: ['UpdateItem'],
  audit: ['PutItem'],
  publishesEvents: true,
});
/** Loads the organisation's policy: its projection, newer policy events, read-repair. */
const POLICY = LOAD;
/** Runs a POST once per Idempotency-Key: claim, replay, complete, release on failure. */
const IDEMPOTENT: HandlerCalls = { orchestrations: ['GetItem', 'PutItem', 'DeleteItem'] };
/** Releases a parked wait: reads the task token and deletes it once spent. */
const RELEASE: HandlerCalls = { orchestrations: ['GetItem', 'DeleteItem'] };

/**
 * The calls each handler makes, read from its code (functions/api, functions/workflow and the
 * adapters they use). A release after approve or execute can only succeed the wait, after
 * reject only fail it; ParkTaskToken may find either decision.
 */
const HANDLER_CALLS: Readonly<Record<string, HandlerCalls>> = {
  Authorizer: {},
  // Reads its configuration and probes the integrations' public /health: no AWS call.
  Health: {},
  Metrics: { orchestrations: ['Query'] },
  // The first event, projection and counter of a new orchestration (no load).
  Orchestrate: merge(IDEMPOTENT, {
    orchestrations: ['PutItem', 'UpdateItem'],
    audit: ['PutItem'],
    publishesEvents: true,
    integrations: ['recommender', 'registry'],
  }),
  ListOrchestrations: { byOrgIndex: ['Query'] },
  GetOrchestration: LOAD,
  GetAudit: LOAD,
  DryRun: merge(IDEMPOTENT, TRANSITION, POLICY, {
    stateMachine: ['StartExecution'],
    integrations: ['registry'],
  }),
  Approve: merge(IDEMPOTENT, TRANSITION, POLICY, RELEASE, {
    stateMachine: ['StartExecution', 'SendTaskSuccess'],
  }),
  Reject: merge(IDEMPOTENT, TRANSITION, RELEASE, { stateMachine: ['SendTaskFailure'] }),
  Execute: merge(IDEMPOTENT, TRANSITION, POLICY, RELEASE, { stateMachine: ['SendTaskSuccess'] }),
  Cancel: merge(IDEMPOTENT, TRANSITION, { executions: ['StopExecution'] }),
  GetPolicies: POLICY,
  // A policy change is an audit event in the organisation's chain, after its head (GetItem).
  PutPolicies: merge(IDEMPOTENT, POLICY, { audit: ['GetItem', 'PutItem'] }),
  ParkTaskToken: merge(LOAD, RELEASE, { stateMachine: ['SendTaskSuccess', 'SendTaskFailure'] }),
  // Also counts its runtime calls in the orchestrations table (UpdateItem, GetItem).
  // Reads playbook metadata from the registry when one is configured.
  RunPlaybook: merge(TRANSITION, { integrations: ['runtime', 'registry'] }),
  RecordExpiry: TRANSITION,
  RecordFailure: TRANSITION,
};

const TABLE_ACTION_ORDER: readonly TableAction[] = [
  'GetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
];

/** Derives every handler's access; throws when the route, handler and access tables disagree. */
export function handlerAccessList(): HandlerAccess[] {
  checkTablesAgree();

  return HANDLERS.map((handler) => accessOf(handler, HANDLER_CALLS[handler.name] ?? {}));
}

function accessOf(handler: HandlerDefinition, calls: HandlerCalls): HandlerAccess {
  const audit = ordered(calls.audit);
  if (audit.includes('UpdateItem') || audit.includes('DeleteItem')) {
    throw new Error(`Handler ${handler.name} may not update or delete audit events.`);
  }

  return {
    handler,
    kind: kindOf(handler.name),
    orchestrations: ordered(calls.orchestrations),
    byOrgIndex: ordered(calls.byOrgIndex),
    audit,
    stateMachine: [...new Set(calls.stateMachine ?? [])],
    executions: [...new Set(calls.executions ?? [])],
    publishesEvents: calls.publishesEvents ?? false,
    integrations: [...new Set(calls.integrations ?? [])],
  };
}

function merge(...parts: HandlerCalls[]): HandlerCalls {
  return {
    orchestrations: parts.flatMap((part) => part.orchestrations ?? []),
    byOrgIndex: parts.flatMap((part) => part.byOrgIndex ?? []),
    audit: parts.flatMap((part) => part.audit ?? []),
    stateMachine: parts.flatMap((part) => part.stateMachine ?? []),
    executions: parts.flatMap((part) => part.executions ?? []),
    publishesEvents: parts.some((part) => part.publishesEvents === true),
    integrations: parts.flatMap((part) => part.integrations ?? []),
  };
}

function ordered(actions: readonly TableAction[] | undefined): TableAction[] {
  const present = new Set(actions ?? []);

  return TABLE_ACTION_ORDER.filter((action) => present.has(action));
}

function kindOf(name: string): HandlerKind {
  if (name === AUTHORIZER_HANDLER) {
    return 'authorizer';
  }

  return API_ROUTES.some((route) => route.handler === name) ? 'api' : 'workflow';
}

function checkTablesAgree(): void {
  const names = new Set(HANDLERS.map((handler) => handler.name));
  const referenced = [
    AUTHORIZER_HANDLER,
    ...API_ROUTES.map((route) => route.handler),
    ...Object.keys(HANDLER_CALLS),
  ];

  const missing = [...new Set(referenced.filter((name) => !names.has(name)))];
  if (missing.length > 0) {
    throw new Error(
      `Handlers ${missing.join(', ')} are referenced by API_ROUTES or the stack but missing ` +
        'from HANDLERS: add them to infra/handlers.ts (name, entry, description).',
    );
  }

  const unlisted = [...names].filter((name) => !(name in HANDLER_CALLS));
  if (unlisted.length > 0) {
    throw new Error(
      `Handlers ${unlisted.join(', ')} have no entry in HANDLER_CALLS: list the DynamoDB and ` +
        'Step Functions calls they make in infra/handler-access.ts (an empty entry grants none).',
    );
  }
}
