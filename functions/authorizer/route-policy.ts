import type { PolicyDocument } from 'aws-lambda';
import { ADMIN_ROLE, API_ROUTES, type ApiRoute } from '../core/api-routes';
import { MethodArnError } from './authorizer-errors';

/** The fields of an execute-api method ARN: `arn:{partition}:execute-api:{region}:...`. */
export interface MethodArn {
  partition: string;
  region: string;
  account: string;
  apiId: string;
  stage: string;
  method: string;
  /** Resource path without its leading slash; may contain further slashes. */
  path: string;
}

const METHOD_ARN =
  /^arn:(aws[a-z-]*):execute-api:([^:/]+):([^:/]+):([^:/]+)\/([^/]+)\/([A-Z]+|\*)\/(.*)$/;
const INVOKE = 'execute-api:Invoke';

/** Splits an execute-api method ARN; throws `MethodArnError` for anything else. */
export function parseMethodArn(methodArn: string): MethodArn {
  const match = METHOD_ARN.exec(methodArn);
  if (!match) {
    throw new MethodArnError('methodArn is not an execute-api method ARN');
  }

  // Once the pattern matched, every group is defined (the path possibly empty).
  const field = (index: number): string => match[index] ?? '';
  return {
    partition: field(1),
    region: field(2),
    account: field(3),
    apiId: field(4),
    stage: field(5),
    method: field(6),
    path: field(7),
  };
}

/** Whether the roles include the role that may approve, reject and execute. */
export function hasAdminRole(roles: readonly string[]): boolean {
  return roles.includes(ADMIN_ROLE);
}

// A policy depends only on the stage and on whether the caller is an admin, so it is built
// once per pair and routes table. A function serves one API with a few stages; the bound only
// keeps unexpected ARNs from growing the cache without limit.
const MAX_CACHED_POLICIES = 32;
const policyCache = new WeakMap<readonly ApiRoute[], Map<string, PolicyDocument>>();

/**
 * The policy for a caller on the API and stage of `methodArn`. API Gateway caches it per
 * token and applies it to every route, so it names each protected route: Allow for member
 * routes, and for admin routes Allow only with `org-admin`, otherwise an explicit Deny.
 * Public routes have no authorizer and are left out. The document is shared between callers
 * of the same stage and role, hence frozen.
 */
export function buildRoutePolicy(
  methodArn: string,
  roles: readonly string[],
  routes: readonly ApiRoute[] = API_ROUTES,
): PolicyDocument {
  const stagePrefix = stageArn(parseMethodArn(methodArn));
  const admin = hasAdminRole(roles);
  const cached = cachedPolicies(routes);
  const key = `${admin ? 'admin' : 'member'} ${stagePrefix}`;
  const hit = cached.get(key);
  if (hit) return hit;

  const policy = freezePolicy(routePolicy(stagePrefix, admin, routes));
  if (cached.size >= MAX_CACHED_POLICIES) cached.clear();
  cached.set(key, policy);
  return policy;
}

/** The resource ARN of a route on a stage, each path parameter replaced by the `*` wildcard. */
export function routeResource(stagePrefix: string, route: ApiRoute): string {
  const path = route.path.replace(/^\//, '').replace(/\{[^}]+\}/g, '*');
  return `${stagePrefix}/${route.method}/${path}`;
}

function routePolicy(
  stagePrefix: string,
  admin: boolean,
  routes: readonly ApiRoute[],
): PolicyDocument {
  const protectedRoutes = routes.filter((route) => route.access !== 'public');
  const allowed = protectedRoutes.filter((route) => route.access === 'member' || admin);
  const denied = protectedRoutes.filter((route) => route.access === 'admin' && !admin);

  const statements: PolicyDocument['Statement'] = [];
  if (allowed.length > 0) {
    statements.push({ Effect: 'Allow', Action: INVOKE, Resource: resources(stagePrefix, allowed) });
  }
  if (denied.length > 0) {
    statements.push({ Effect: 'Deny', Action: INVOKE, Resource: resources(stagePrefix, denied) });
  }
  return { Version: '2012-10-17', Statement: statements };
}

function cachedPolicies(routes: readonly ApiRoute[]): Map<string, PolicyDocument> {
  let cached = policyCache.get(routes);
  if (!cached) {
    cached = new Map();
    policyCache.set(routes, cached);
  }
  return cached;
}

function freezePolicy(policy: PolicyDocument): PolicyDocument {
  for (const statement of policy.Statement) {
    if ('Resource' in statement) Object.freeze(statement.Resource);
    Object.freeze(statement);
  }
  Object.freeze(policy.Statement);
  return Object.freeze(policy);
}

function stageArn(arn: MethodArn): string {
  const { partition, region, account, apiId, stage } = arn;
  return `arn:${partition}:execute-api:${region}:${account}:${apiId}/${stage}`;
}

function resources(stagePrefix: string, routes: readonly ApiRoute[]): string[] {
  return routes.map((route) => routeResource(stagePrefix, route));
}
