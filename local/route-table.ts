import { API_ROUTES, type ApiRoute } from '../functions/core/api-routes';

/** A route matched against a request path, with its path parameters. */
export interface RouteMatch {
  route: ApiRoute;
  pathParameters: Record<string, string> | null;
}

/** How a request path relates to the routes: one matched, path known but not this method, none. */
export type RouteLookup =
  | { kind: 'matched'; match: RouteMatch }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

const compiled = API_ROUTES.map((route) => ({ route, pattern: compilePath(route.path) }));

/** Finds the route for a method and path the way API Gateway's resource tree does. */
export function lookupRoute(method: string, path: string): RouteLookup {
  const candidates = compiled.flatMap(({ route, pattern }) => {
    const match = pattern.exec(path);
    return match ? [{ route, groups: match.groups }] : [];
  });
  if (candidates.length === 0) return { kind: 'not-found' };

  const hit = candidates.find((candidate) => candidate.route.method === method);
  if (!hit) {
    return { kind: 'method-not-allowed', allowed: candidates.map((c) => c.route.method) };
  }

  const pathParameters = hit.groups ? decodeParameters(hit.groups) : null;
  return { kind: 'matched', match: { route: hit.route, pathParameters } };
}

function compilePath(path: string): RegExp {
  // A path parameter is one segment: API Gateway never lets `{id}` swallow a `/`.
  const source = path
    .split('/')
    .map((segment) => segment.replace(/^\{(\w+)\}$/, '(?<$1>[^/]+)'))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

function decodeParameters(groups: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(groups).map(([name, value]) => [name, safeDecode(value)]),
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
