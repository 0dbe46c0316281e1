import type { ChainHead } from './audit-event';
import type { DryRunResult } from './dry-run';
import type { Incident } from './incident';
import type { Recommendation, Risk } from './playbook';
import type { OrchestrationStatus, SafetyMode, WaitStage } from './statuses';

/** Where suggestions came from: the recommender service or the built-in catalog. */
export type RecommendationSource = 'recommender' | 'catalog';

/** The playbook an orchestration will run, as it was when dry-run chose it. */
export interface PlaybookSelection {
  id: string;
  version: string;
  name: string;
  risk: Risk;
  preApproved: boolean;
}

/** One `org-admin`'s justified approval, bound to the digest of the plan it approved. */
export interface Approval {
  approver: string;
  justification: string;
  planDigest: string;
  at: string;
}

/** A justified decision that ended the orchestration: a rejection. */
export interface Rejection {
  rejectedBy: string;
  justification: string;
  at: string;
}

/** What is known about running the playbook. */
export interface ExecutionRecord {
  requestedBy: string;
  requestedAt: string;
  outcome?: 'succeeded' | 'failed';
  finishedAt?: string;
  message?: string;
  source?: 'runtime' | 'simulation';
  runtimeExecutionId?: string;
  attempts?: number;
  durationMs?: number;
  steps?: readonly string[];
}

/** The projection of an orchestration's audit events: what the API shows. */
export interface Orchestration {
  orchestrationId: string;
  orgId: string;
  createdBy: string;
  status: OrchestrationStatus;
  /** Sequence number of the last audit event folded into this projection. */
  version: number;
  createdAt: string;
  updatedAt: string;
  incident: Incident;
  recommendations: readonly Recommendation[];
  recommendationSource: RecommendationSource;
  playbook?: PlaybookSelection;
  parameters?: Record<string, string | number | boolean>;
  dryRun?: DryRunResult;
  dryRunCount: number;
  mode?: SafetyMode;
  requiredApprovals?: number;
  policyVersion?: number;
  planDigest?: string;
  automaticApproval?: { policyVersion: number; rule: string };
  approvals: readonly Approval[];
  approvalDeadline?: string;
  executionDeadline?: string;
  executionWindowSeconds?: number;
  rejection?: Rejection;
  execution?: ExecutionRecord;
  expiry?: { stage: WaitStage; at: string };
  cancellation?: { cancelledBy: string; at: string };
  auditHead: ChainHead;
}
