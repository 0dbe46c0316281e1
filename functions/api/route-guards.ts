import { ForbiddenError } from '../core/errors';
import type { Principal } from '../core/orchestration-transitions';

/**
 * Re-checks the role in the handler: the authorizer's cached policy is the first gate, this
 * is the second, so a policy mistake alone can never let a member approve or execute.
 */
export function requireAdmin(principal: Principal): Principal {
  if (!principal.isAdmin) {
    throw new ForbiddenError('org-admin-required', 'Only an org-admin may do this');
  }
  return principal;
}
