import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { canonicalize } from './canonical-json';
import type { DryRunResult } from './dry-run';
import type { Playbook } from './playbook';
import './schema-locale';

const ApprovalCountSchema = z.int().check(z.minimum(1), z.maximum(10));

/** The rules an organisation sets for its orchestrations. */
export const ApprovalPolicySchema = z.strictObject({
  mode: z.enum(['manual', 'auto']),
  requiredApprovals: z.strictObject({
    low: ApprovalCountSchema,
    medium: ApprovalCountSchema,
    high: ApprovalCountSchema,
    critical: ApprovalCountSchema,
  }),
  minJustificationLength: z.int().check(z.minimum(10), z.maximum(500)),
});
export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;

/** The policy of an organisation that has set none. */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  mode: 'manual',
  requiredApprovals: { low: 1, medium: 1, high: 2, critical: 2 },
  minJustificationLength: 10,
};

/** An organisation's policy as in force: its version is the length of its change chain. */
export interface PolicyInForce {
  orgId: string;
  version: number;
  policy: ApprovalPolicy;
  source: 'default' | 'organisation';
}

/** Why an orchestration may run without a human, in the words the audit records. */
export const AUTOMATIC_APPROVAL_RULE =
  'auto mode allows a pre-approved, low-risk playbook whose dry-run passed';

/**
 * Whether a playbook that passed its dry-run runs without a human: only when the policy is
 * in auto mode, the playbook is pre-approved and low risk, and the dry-run passed.
 */
export function allowsAutomaticExecution(
  policy: ApprovalPolicy,
  playbook: Playbook,
  dryRun: DryRunResult,
): boolean {
  return policy.mode === 'auto' && playbook.preApproved && playbook.risk === 'low' && dryRun.valid;
}

/** Exactly what an approval approves: the playbook, its parameters, the dry-run, the policy. */
export interface ApprovalPlan {
  playbookId: string;
  playbookVersion: string;
  parameters: Record<string, string | number | boolean>;
  dryRun: DryRunResult;
  policyVersion: number;
}

/** SHA-256 of the canonical plan; an approval is bound to it, so any drift voids it. */
export function planDigest(plan: ApprovalPlan): string {
  return createHash('sha256').update(canonicalize(plan)).digest('hex');
}

/** The digest of an orchestration's plan under the policy version in force now. */
export function currentPlanDigest(
  plan: Omit<ApprovalPlan, 'policyVersion'> | undefined,
  policyVersion: number,
): string {
  if (!plan) return '';
  return planDigest({ ...plan, policyVersion });
}
