import type { AuditEvent } from './audit-event';
import type { DryRunResult } from './dry-run';
import type { Incident } from './incident';
import type {
  Approval,
  ExecutionRecord,
  Orchestration,
  PlaybookSelection,
  RecommendationSource,
} from './orchestration';
import type { Recommendation } from './playbook';
import type { SafetyMode, WaitStage } from './statuses';

/** Data of the first event: everything the suggestion knew. */
export interface SuggestedData {
  orgId: string;
  incident: Incident;
  recommendations: readonly Recommendation[];
  recommendationSource: RecommendationSource;
}

/** Data of a dry-run event, passed or failed. */
export interface DryRunData {
  playbook: PlaybookSelection;
  parameters: Record<string, string | number | boolean>;
  dryRun: DryRunResult;
  mode: SafetyMode;
  requiredApprovals: number;
  approvalWindowSeconds: number;
  executionWindowSeconds: number;
  /** Version of the organisation's policy the plan was made under. */
  policyVersion: number;
  /** Digest of the plan an approval will be bound to. */
  planDigest: string;
  /** Approvals of an earlier plan that this dry-run voided. */
  voidedApprovals?: number;
  /** Present when policy, not a person, released the playbook. */
  automaticApproval?: { policyVersion: number; rule: string };
}

/** Folds one audit event into the projection; pure, so any reader can rebuild the state. */
export function applyAuditEvent(
  state: Orchestration | undefined,
  event: AuditEvent,
): Orchestration {
  if (!state) {
    return startProjection(event);
  }

  const next = applyToExisting(state, event);
  return { ...next, version: event.seq, updatedAt: event.at, auditHead: headOf(event) };
}

/** Folds a whole chain, or the events newer than a projection, into a projection. */
export function foldAuditEvents(
  state: Orchestration | undefined,
  events: readonly AuditEvent[],
): Orchestration | undefined {
  return events.reduce<Orchestration | undefined>(applyAuditEvent, state);
}

function startProjection(event: AuditEvent): Orchestration {
  if (event.type !== 'ORCHESTRATION_SUGGESTED' || event.seq !== 1) {
    throw new RangeError(`applyAuditEvent: a chain must start with ORCHESTRATION_SUGGESTED`);
  }

  const data = event.data as unknown as SuggestedData;
  return {
    orchestrationId: event.orchestrationId,
    orgId: data.orgId,
    createdBy: event.actor.id,
    status: 'SUGGESTED',
    version: event.seq,
    createdAt: event.at,
    updatedAt: event.at,
    incident: data.incident,
    recommendations: data.recommendations,
    recommendationSource: data.recommendationSource,
    dryRunCount: 0,
    approvals: [],
    auditHead: headOf(event),
  };
}

function applyToExisting(state: Orchestration, event: AuditEvent): Orchestration {
  switch (event.type) {
    case 'DRY_RUN_PASSED':
    case 'DRY_RUN_FAILED':
      return applyDryRun(state, event);
    case 'APPROVAL_RECORDED':
      return applyApproval(state, event);
    case 'REJECTED':
      return applyRejection(state, event);
    case 'EXECUTION_REQUESTED':
      return applyExecutionRequest(state, event);
    case 'EXECUTION_SUCCEEDED':
    case 'EXECUTION_FAILED':
      return applyExecutionOutcome(state, event);
    case 'EXPIRED':
      return { ...state, status: 'EXPIRED', expiry: { stage: stageOf(event), at: event.at } };
    case 'CANCELLED':
      return {
        ...state,
        status: 'CANCELLED',
        cancellation: { cancelledBy: event.actor.id, at: event.at },
      };
    case 'ORCHESTRATION_SUGGESTED':
    case 'POLICY_CHANGED':
      throw new RangeError(`applyAuditEvent: ${event.type} at seq ${event.seq}`);
  }
}

function applyDryRun(state: Orchestration, event: AuditEvent): Orchestration {
  const data = event.data as unknown as DryRunData;
  const passed = event.type === 'DRY_RUN_PASSED';
  const awaitsApproval = passed && data.mode === 'manual';

  // A workflow already waiting keeps its timer, so a repeated dry-run keeps the deadline.
  const deadline = state.approvalDeadline ?? addSeconds(event.at, data.approvalWindowSeconds);
  return {
    ...state,
    status: passed ? (awaitsApproval ? 'AWAITING_APPROVAL' : 'EXECUTING') : 'DRY_RUN_FAILED',
    playbook: data.playbook,
    parameters: data.parameters,
    dryRun: data.dryRun,
    dryRunCount: state.dryRunCount + 1,
    mode: data.mode,
    requiredApprovals: data.requiredApprovals,
    policyVersion: data.policyVersion,
    planDigest: data.planDigest,
    approvals: [],
    approvalDeadline: awaitsApproval ? deadline : state.approvalDeadline,
    executionWindowSeconds: data.executionWindowSeconds,
    execution: passed && !awaitsApproval ? automaticExecution(event) : undefined,
    automaticApproval: data.automaticApproval,
  };
}

function automaticExecution(event: AuditEvent): ExecutionRecord {
  return { requestedBy: event.actor.id, requestedAt: event.at };
}

function applyApproval(state: Orchestration, event: AuditEvent): Orchestration {
  const { approver, justification, planDigest } = event.data as unknown as Approval;
  const approvals = [...state.approvals, { approver, justification, planDigest, at: event.at }];
  const approved = approvals.length >= (state.requiredApprovals ?? 1);

  return {
    ...state,
    approvals,
    status: approved ? 'APPROVED' : state.status,
    executionDeadline: approved
      ? addSeconds(event.at, state.executionWindowSeconds ?? 0)
      : state.executionDeadline,
  };
}

function applyRejection(state: Orchestration, event: AuditEvent): Orchestration {
  const justification = String(event.data.justification);
  return {
    ...state,
    status: 'REJECTED',
    rejection: { rejectedBy: event.actor.id, justification, at: event.at },
  };
}

function applyExecutionRequest(state: Orchestration, event: AuditEvent): Orchestration {
  return { ...state, status: 'EXECUTING', execution: automaticExecution(event) };
}

function applyExecutionOutcome(state: Orchestration, event: AuditEvent): Orchestration {
  const outcome = event.data as Omit<ExecutionRecord, 'requestedBy' | 'requestedAt'>;
  const execution = state.execution ?? automaticExecution(event);
  const succeeded = event.type === 'EXECUTION_SUCCEEDED';

  return {
    ...state,
    status: succeeded ? 'SUCCEEDED' : 'FAILED',
    execution: { ...execution, ...outcome, outcome: succeeded ? 'succeeded' : 'failed' },
  };
}

function stageOf(event: AuditEvent): WaitStage {
  return event.data.stage === 'execution' ? 'execution' : 'approval';
}

function headOf(event: AuditEvent): { seq: number; hash: string } {
  return { seq: event.seq, hash: event.hash };
}

function addSeconds(isoInstant: string, seconds: number): string {
  return new Date(Date.parse(isoInstant) + seconds * 1000).toISOString();
}
