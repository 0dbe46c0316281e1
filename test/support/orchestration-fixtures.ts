import type { DryRunData, SuggestedData } from '../../functions/core/orchestration-reducer';
import type { Principal } from '../../functions/core/orchestration-transitions';

/** A member of org-a who reports incidents. */
export const ENGINEER: Principal = { sub: 'engineer-1', org: 'org-a', roles: [], isAdmin: false };

/** An org-admin of org-a. */
export function admin(sub = 'admin-1', org = 'org-a'): Principal {
  return { sub, org, roles: ['org-admin'], isAdmin: true };
}

/** What a suggestion for a checkout incident records. */
export const SUGGESTED: SuggestedData = {
  orgId: 'org-a',
  incident: { title: 'Checkout errors after deploy', severity: 'high', service: 'checkout' },
  recommendations: [
    {
      playbookId: 'rollback-deployment',
      name: 'Roll back a deployment',
      risk: 'medium',
      confidence: 0.8,
      rationale: 'title mentions deploy',
    },
  ],
  recommendationSource: 'catalog',
};

/** The plan digest the fixtures' dry-runs record. */
export const PLAN_DIGEST = 'a'.repeat(64);

/** A passed manual dry-run of a playbook of the given risk and approvals. */
export function passedDryRun(
  requiredApprovals = 1,
  risk: 'medium' | 'high' = 'medium',
): DryRunData {
  return {
    playbook: {
      id: 'rollback-deployment',
      version: '1.0.0',
      name: 'Roll back',
      risk,
      preApproved: false,
    },
    parameters: { service: 'checkout' },
    dryRun: {
      valid: true,
      checks: [{ name: 'parameters-valid', passed: true, detail: 'ok' }],
      source: 'simulation',
    },
    mode: 'manual',
    requiredApprovals,
    approvalWindowSeconds: 3600,
    executionWindowSeconds: 3600,
    policyVersion: 0,
    planDigest: PLAN_DIGEST,
  };
}
