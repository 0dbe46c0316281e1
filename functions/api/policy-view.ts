import type { ServiceConfig } from '../adapters/service-config';
import type { PolicyInForce } from '../core/approval-policy';

/**
 * A policy as the API shows it. The windows are deployment settings, enforced by the state
 * machine's timeouts, so they are shown beside the policy but cannot be changed through it.
 */
export function policyView(inForce: PolicyInForce, config: ServiceConfig) {
  return {
    ...inForce,
    windows: {
      approvalWindowSeconds: config.APPROVAL_WINDOW_SECONDS,
      executionWindowSeconds: config.EXECUTION_WINDOW_SECONDS,
    },
  };
}
