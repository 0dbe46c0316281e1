import type { DryRunResult } from './dry-run';
import type { Playbook, Risk } from './playbook';
import type { SafetyMode } from './statuses';

/** The rules an organisation's orchestrations follow. */
export interface ApprovalPolicy {
  mode: SafetyMode;
  requiredApprovals: Record<Risk, number>;
  approvalWindowSeconds: number;
  executionWindowSeconds: number;
}

/** Approvals per risk when an organisation has said nothing else. */
export const DEFAULT_REQUIRED_APPROVALS: Readonly<Record<Risk, number>> = {
  low: 1,
  medium: 1,
  high: 2,
  critical: 2,
};

/** The default policy: manual mode, approvals by risk, windows from configuration. */
export function defaultApprovalPolicy(windows: {
  approvalWindowSeconds: number;
  executionWindowSeconds: number;
}): ApprovalPolicy {
  return { mode: 'manual', requiredApprovals: { ...DEFAULT_REQUIRED_APPROVALS }, ...windows };
}

/**
 * How a playbook that passed its dry-run proceeds: automatically only when the policy is in
 * auto mode and the playbook is pre-approved and low risk; a human approves everything else.
 */
export function modeFor(policy: ApprovalPolicy, playbook: Playbook, dryRun: DryRunResult) {
  const automatic =
    policy.mode === 'auto' && playbook.preApproved && playbook.risk === 'low' && dryRun.valid;
  return automatic ? ('auto' as const) : ('manual' as const);
}
