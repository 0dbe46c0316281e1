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

const DRY_RUN_STATUSES = new Set(['SUGGESTED', 'DRY_RUN_FAILED', 'AWAITING_APPROVAL']);

/**
 * Records a dry-run; allowed until the orchestration is approved. A dry-run while approvals
 * are being collected voids them: they approved another plan.
 */
export function recordDryRun(
  state: Orchestration,
  principal: Principal,
  data: DryRunData,
  at: string,
): AuditEventDraft {
  if (!DRY_RUN_STATUSES.has(state.status)) {
    throw new ConflictError(`A dry-run is not possible while the orchestration is ${state.status}`);
  }

  const type = data.dryRun.valid ? 'DRY_RUN_PASSED' : 'DRY_RUN_FAILED';
  const voided = state.approvals.length;
  const recorded = voided > 0 ? { ...data, voidedApprovals: voided } : { ...data };
  return { type, at, actor: actorOf(principal), data: recorded };
}

/**
 * Records one justified approval under separation of duties and the approval window, bound
 * to the plan digest as it is now; a plan that drifted since its dry-run cannot be approved.
 */
export function recordApproval(
  state: Orchestration,
  principal: Principal,
  justification: string,
  currentPlanDigest: string,
  at: string,
): AuditEventDraft {
  requireStatus(state, 'AWAITING_APPROVAL', 'approved');
  requireOpenWindow(state.approvalDeadline, at, 'approval');
  requireSamePlan(state, currentPlanDigest);

  if (principal.sub === state.createdBy) {
    throw new ForbiddenError(
      'separation-of-duties',
      'Separation of duties: the requester of an orchestration cannot approve it',
    );
  }

  if (state.approvals.some((approval) => approval.approver === principal.sub)) {
    throw new ConflictError('This approver has already approved the orchestration');
  }

  const data = { approver: principal.sub, justification, planDigest: currentPlanDigest };
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

/** Records the release of an approved playbook, re-checking that the plan has not drifted. */
export function requestExecution(
  state: Orchestration,
  principal: Principal,
  currentPlanDigest: string,
  at: string,
): AuditEventDraft {
  requireStatus(state, 'APPROVED', 'executed');
  requireOpenWindow(state.executionDeadline, at, 'execution');
  requireSamePlan(state, currentPlanDigest);
  if (state.approvals.some((approval) => approval.planDigest !== currentPlanDigest)) {
    throw new ConflictError('An approval was given for another plan; dry-run and approve again');
  }

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
  const undecided = stage === 'approval' ? UNDECIDED_APPROVAL : UNDECIDED_EXECUTION;
  if (!undecided.has(state.status)) {
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

  const { outcome: result, ...details } = outcome;
  const type = result === 'succeeded' ? 'EXECUTION_SUCCEEDED' : 'EXECUTION_FAILED';
  return { type, at, actor: WORKFLOW_ACTOR, data: details };
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

/** Statuses in which the approval wait has no decision yet (a repeated dry-run included). */
const UNDECIDED_APPROVAL = new Set(['SUGGESTED', 'DRY_RUN_FAILED', 'AWAITING_APPROVAL']);
const UNDECIDED_EXECUTION = new Set(['APPROVED']);

function requireSamePlan(state: Orchestration, currentPlanDigest: string): void {
  if (state.planDigest !== currentPlanDigest) {
    throw new ConflictError(
      'The plan changed since its dry-run (the organisation policy changed); dry-run again',
    );
  }
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
