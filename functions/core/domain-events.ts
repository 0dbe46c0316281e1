import { ADMIN_ROLE } from './api-routes';
import type { AuditEvent, AuditEventType } from './audit-event';
import type { Orchestration } from './orchestration';

/** The `source` of every event the orchestrator publishes. */
export const DOMAIN_EVENT_SOURCE = 'incident-orchestrator';

/** One published fact: EventBridge's `detail-type` and `detail`. */
export interface DomainEvent {
  source: typeof DOMAIN_EVENT_SOURCE;
  detailType: string;
  detail: DomainEventDetail;
}

/** The body of a domain event (schema in docs/events.md); never a token or free text. */
export interface DomainEventDetail {
  schemaVersion: 1;
  orchestrationId: string;
  orgId: string;
  seq: number;
  auditHash: string;
  type: AuditEventType;
  status: Orchestration['status'];
  at: string;
  actor: { kind: 'user' | 'system'; id: string };
  playbook?: { id: string; version: string; risk: string };
  approval?: ApprovalRequest;
}

/** Who may approve and until when, carried by "Approval Requested". */
export interface ApprovalRequest {
  requiredApprovals: number;
  recordedApprovals: number;
  eligibleApprovers: { role: string; orgId: string; excluding: string[] };
  deadline?: string;
}

const DETAIL_TYPES: Record<Exclude<AuditEventType, 'POLICY_CHANGED'>, string> = {
  ORCHESTRATION_SUGGESTED: 'Orchestration Suggested',
  DRY_RUN_PASSED: 'Approval Requested',
  DRY_RUN_FAILED: 'Dry-Run Failed',
  APPROVAL_RECORDED: 'Approval Recorded',
  REJECTED: 'Orchestration Rejected',
  EXECUTION_REQUESTED: 'Execution Requested',
  EXECUTION_SUCCEEDED: 'Execution Succeeded',
  EXECUTION_FAILED: 'Execution Failed',
  EXPIRED: 'Orchestration Expired',
  CANCELLED: 'Orchestration Cancelled',
};

/** The one domain event a transition publishes, from its audit event and the new state. */
export function domainEventOf(state: Orchestration, event: AuditEvent): DomainEvent {
  const automatic = event.type === 'DRY_RUN_PASSED' && state.mode === 'auto';
  const detailType = automatic
    ? 'Execution Approved Automatically'
    : DETAIL_TYPES[event.type as keyof typeof DETAIL_TYPES];

  return { source: DOMAIN_EVENT_SOURCE, detailType, detail: detailOf(state, event) };
}

function detailOf(state: Orchestration, event: AuditEvent): DomainEventDetail {
  const { playbook } = state;
  const awaitsApproval = state.status === 'AWAITING_APPROVAL';
  return {
    schemaVersion: 1,
    orchestrationId: state.orchestrationId,
    orgId: state.orgId,
    seq: event.seq,
    auditHash: event.hash,
    type: event.type,
    status: state.status,
    at: event.at,
    actor: event.actor,
    playbook: playbook
      ? { id: playbook.id, version: playbook.version, risk: playbook.risk }
      : undefined,
    approval: awaitsApproval ? approvalRequest(state) : undefined,
  };
}

function approvalRequest(state: Orchestration): ApprovalRequest {
  const approvers = state.approvals.map((approval) => approval.approver);
  return {
    requiredApprovals: state.requiredApprovals ?? 1,
    recordedApprovals: state.approvals.length,
    // Separation of duties: the requester and those who already approved cannot approve.
    eligibleApprovers: {
      role: ADMIN_ROLE,
      orgId: state.orgId,
      excluding: [state.createdBy, ...approvers],
    },
    deadline: state.approvalDeadline,
  };
}
