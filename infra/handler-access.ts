import { API_ROUTES } from '../functions/core/api-routes';
import { HANDLERS, type HandlerDefinition } from './handlers';

/** Name of the JWT authorizer in `HANDLERS`. */
export const AUTHORIZER_HANDLER = 'Authorizer';

/** What a handler is for: verifying tokens, serving routes, or running workflow steps. */
export type HandlerKind = 'authorizer' | 'api' | 'workflow';

/** Access to the orchestrations table: none, read, or read and write. */
export type OrchestrationsAccess = 'none' | 'read' | 'readWrite';

/** Access to the audit table: none, read (get, query), or append (put, get, query). */
export type AuditAccess = 'none' | 'read' | 'append';

/** Step Functions actions a handler may call on the orchestration state machine. */
export type StateMachineAction =
  | 'StartExecution'
  | 'StopExecution'
  | 'SendTaskSuccess'
  | 'SendTaskFailure'
  | 'SendTaskHeartbeat';

/** Everything the stack grants one handler, derived from `HANDLERS` and `API_ROUTES`. */
export interface HandlerAccess {
  readonly handler: HandlerDefinition;
  readonly kind: HandlerKind;
  readonly orchestrations: OrchestrationsAccess;
  readonly audit: AuditAccess;
  readonly stateMachineActions: readonly StateMachineAction[];
}

const TASK_RESPONSE: readonly StateMachineAction[] = [
  'SendTaskSuccess',
  'SendTaskFailure',
  'SendTaskHeartbeat',
];

/**
 * The one policy decision not derivable from the routes: who talks to the state machine.
 * Dry-run starts an execution; approve and execute release a parked task token (and
 * start the execution if it is missing); reject fails the token; cancel stops the execution
 * and fails a parked token; ParkTaskToken releases a token whose decision came first.
 */
const STATE_MACHINE_ACTIONS: Readonly<Record<string, readonly StateMachineAction[]>> = {
  DryRun: ['StartExecution', ...TASK_RESPONSE],
  Approve: ['StartExecution', ...TASK_RESPONSE],
  Reject: TASK_RESPONSE,
  Execute: ['StartExecution', ...TASK_RESPONSE],
  Cancel: ['StopExecution', 'SendTaskFailure'],
  ParkTaskToken: TASK_RESPONSE,
};

/** Derives every handler's access; throws when the route and handler tables disagree. */
export function handlerAccessList(): HandlerAccess[] {
  checkTablesAgree();

  return HANDLERS.map((handler) => accessOf(handler));
}

function accessOf(handler: HandlerDefinition): HandlerAccess {
  const kind = kindOf(handler.name);
  const stateMachineActions = STATE_MACHINE_ACTIONS[handler.name] ?? [];
  if (kind === 'authorizer') {
    return { handler, kind, orchestrations: 'none', audit: 'none', stateMachineActions };
  }

  const routes = API_ROUTES.filter((route) => route.handler === handler.name);
  const readsOnly = kind === 'api' && routes.every((route) => route.method === 'GET');

  return readsOnly
    ? { handler, kind, orchestrations: 'read', audit: 'read', stateMachineActions }
    : { handler, kind, orchestrations: 'readWrite', audit: 'append', stateMachineActions };
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
    ...Object.keys(STATE_MACHINE_ACTIONS),
  ];

  const missing = [...new Set(referenced.filter((name) => !names.has(name)))];
  if (missing.length > 0) {
    throw new Error(
      `Handlers ${missing.join(', ')} are referenced by API_ROUTES or the stack but missing ` +
        'from HANDLERS: add them to infra/handlers.ts (name, entry, description).',
    );
  }
}
