/** Who may call a route: anyone, any member of an organisation, or its `org-admin`s. */
export type RouteAccess = 'public' | 'member' | 'admin';

/** One REST route of the API, as API Gateway and the authorizer's policy see it. */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT';
  /** API Gateway resource path; `{id}` is a path parameter. */
  path: string;
  /** Name of the Lambda handler that serves the route (see `infra/handlers.ts`). */
  handler: string;
  access: RouteAccess;
}

/**
 * Every route the API serves. The CDK stack, the authorizer's policy and the local gateway
 * all read this one table, so a route cannot be deployed without a policy decision.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/health', handler: 'Health', access: 'public' },
  { method: 'GET', path: '/metrics', handler: 'Metrics', access: 'member' },
  { method: 'POST', path: '/orchestrate', handler: 'Orchestrate', access: 'member' },
  { method: 'GET', path: '/orchestrations', handler: 'ListOrchestrations', access: 'member' },
  { method: 'GET', path: '/orchestrations/{id}', handler: 'GetOrchestration', access: 'member' },
  { method: 'GET', path: '/orchestrations/{id}/audit', handler: 'GetAudit', access: 'member' },
  { method: 'POST', path: '/orchestrations/{id}/dry-run', handler: 'DryRun', access: 'member' },
  { method: 'POST', path: '/orchestrations/{id}/approve', handler: 'Approve', access: 'admin' },
  { method: 'POST', path: '/orchestrations/{id}/reject', handler: 'Reject', access: 'admin' },
  { method: 'POST', path: '/orchestrations/{id}/execute', handler: 'Execute', access: 'admin' },
  { method: 'POST', path: '/orchestrations/{id}/cancel', handler: 'Cancel', access: 'member' },
  { method: 'GET', path: '/policies', handler: 'GetPolicies', access: 'member' },
  { method: 'PUT', path: '/policies', handler: 'PutPolicies', access: 'admin' },
];

/** The role that may approve, reject and execute. */
export const ADMIN_ROLE = 'org-admin';
