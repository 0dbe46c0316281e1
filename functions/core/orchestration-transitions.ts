import type { Actor, AuditEventDraft } from './audit-event';
import { ConflictError, ForbiddenError } from './errors';
import type { ExecutionRecord, Orchestration } from './orchestration';
import type { DryRunData, SuggestedData } from './orchestration-reducer';
import { isTerminal, type WaitStage } from './statuses';

/** A caller as the handlers know them after the authorizer: who, which org, admin or not. */
export interface Principal {
  sub: string;
  org: string;
  roles: readonly string[];
  isAdmin: boolean;
}

/** The audit actor for a principal. */
export function actorOf(principal: Principal): Actor {
  return { kind: 'user', id: principal.sub };
}

/** The workflow's own actor, for expiries and outcomes. */
export const WORKFLOW_ACTOR: Actor = { kind: 'system', id: 'workflow' };

/** The first event of a new orchestration. */
export function suggest(principal: Principal, data: SuggestedData, at: string): AuditEventDraft {
  return { type: 'ORCHESTRATION_SUGGESTED', at, actor: actorOf(principal), data: { ...data } };
}

/** Records a dry-run; allowed until a dry-run has passed. */
export function recordDryRun(
  state: Orchestration,
  principal: Principal,
  data: DryRunData,
  at: string,
): AuditEventDraft {
  if (state.status !== 'SUGGESTED' && state.status !== 'DRY_RUN_FAILED') {
    throw new ConflictError(`A dry-run is not possible while the orchestration is ${state.status}`);
  }

  const type = data.dryRun.valid ? 'DRY_RUN_PASSED' : 'DRY_RUN_FAILED';
  return { type, at, actor: actorOf(principal), data: { ...data } };
}

/** Records one justified approval under separation of duties and the approval window. */
export function recordApproval(
  state: Orchestration,
  principal: Principal,
  justification: string,
  at: string,
): AuditEventDraft {
  requireStatus(state, 'AWAITING_APPROVAL', 'approved');
  requireOpenWindow(state.approvalDeadline, at, 'approval');

  if (principal.sub === state.createdBy) {
    throw new ForbiddenError(
      'separation-of-duties',
      'Separation of duties: the requester of an orchestration cannot approve it',
    );
  }

  if (state.approvals.some((approval) => approval.approver === principal.sub)) {
    throw new ConflictError('This approver has already approved the orchestration');
  }

  const data = { approver: principal.sub, justification };
  return { type: 'APPROVAL_RECORDED', at, actor: actorOf(principal), data };
}

/** Records a justified rejection, which ends the orchestration. */
export function recordRejection(
  state: Orchestration,
  principal: Principal,
  justification: string,
  at: string,
): AuditEventDraft {
  requireStatus(state, 'AWAITING_APPROVAL', 'rejected');

  return { type: 'REJECTED', at, actor: actorOf(principal), data: { justification } };
}

/** Records the release of an approved playbook for execution. */
export function requestExecution(
  state: Orchestration,
  principal: Principal,
  at: string,
): AuditEventDraft {
  requireStatus(state, 'APPROVED', 'executed');
  requireOpenWindow(state.executionDeadline, at, 'execution');

  return { type: 'EXECUTION_REQUESTED', at, actor: actorOf(principal), data: {} };
}

/**
 * Records that a wait's window closed, unless the decision was recorded first: then there
 * is nothing to expire and the workflow goes on (undefined).
 */
export function recordExpiry(
  state: Orchestration,
  stage: WaitStage,
  at: string,
): AuditEventDraft | undefined {
  const waitingStatus = stage === 'approval' ? 'AWAITING_APPROVAL' : 'APPROVED';
  if (state.status !== waitingStatus) {
    return undefined;
  }

  return { type: 'EXPIRED', at, actor: WORKFLOW_ACTOR, data: { stage } };
}

/** Records how the playbook run ended; nothing when an outcome is already recorded. */
export function recordExecutionOutcome(
  state: Orchestration,
  outcome: Omit<ExecutionRecord, 'requestedBy' | 'requestedAt'>,
  at: string,
): AuditEventDraft | undefined {
  if (state.status !== 'EXECUTING') {
    return undefined;
  }

  const type = outcome.outcome === 'succeeded' ? 'EXECUTION_SUCCEEDED' : 'EXECUTION_FAILED';
  return { type, at, actor: WORKFLOW_ACTOR, data: { ...outcome, outcome: undefined } };
}

/** Records a cancellation by the requester or an `org-admin`. */
export function recordCancellation(
  state: Orchestration,
  principal: Principal,
  at: string,
): AuditEventDraft {
  if (principal.sub !== state.createdBy && !principal.isAdmin) {
    throw new ForbiddenError(
      'requester-or-admin',
      'Only the requester or an org-admin may cancel an orchestration',
    );
  }

  if (isTerminal(state.status) || state.status === 'EXECUTING') {
    throw new ConflictError(`An orchestration that is ${state.status} cannot be cancelled`);
  }

  return { type: 'CANCELLED', at, actor: actorOf(principal), data: {} };
}

function requireStatus(state: Orchestration, status: Orchestration['status'], verb: string) {
  if (state.status !== status) {
    throw new ConflictError(
      `The orchestration is ${state.status}; only one that is ${status} can be ${verb}`,
    );
  }
}

function requireOpenWindow(deadline: string | undefined, at: string, window: string): void {
  if (deadline && Date.parse(at) > Date.parse(deadline)) {
    throw new ConflictError(`The ${window} window closed at ${deadline}`);
  }
}
