import type { ApprovalPlan } from '../core/approval-policy';
import type { Orchestration } from '../core/orchestration';

/** The plan an orchestration's approvals approve, without the policy version. */
export function planOf(state: Orchestration): Omit<ApprovalPlan, 'policyVersion'> | undefined {
  if (!state.playbook || !state.dryRun) return undefined;

  return {
    playbookId: state.playbook.id,
    playbookVersion: state.playbook.version,
    parameters: state.parameters ?? {},
    dryRun: state.dryRun,
  };
}
