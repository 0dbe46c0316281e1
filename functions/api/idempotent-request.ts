import type { APIGatewayProxyResult } from 'aws-lambda';
import { serviceDependencies } from '../adapters/service-dependencies';
import { ValidationError } from '../core/errors';
import type { Principal } from '../core/orchestration-transitions';
import type { ApiRequest } from './api-request';
import { IdempotencyKeySchema } from './request-schemas';

/**
 * Runs a POST once per `Idempotency-Key`: a repeat with the same body gets the first answer
 * back, one with another body 422, one racing the first 409. Without the header it just runs.
 * Keys are scoped by organisation, caller and route, so one tenant never replays another's.
 */
export async function runIdempotently(
  request: ApiRequest,
  principal: Principal,
  route: string,
  payload: unknown,
  operation: () => Promise<APIGatewayProxyResult>,
): Promise<APIGatewayProxyResult> {
  const key = idempotencyKey(request);
  if (!key) return operation();

  const scope = { org: principal.org, sub: principal.sub, route, key };
  return serviceDependencies().idempotency.run(scope, payload, async () => {
    const result = await operation();
    return { statusCode: result.statusCode, body: result.body, headers: stringHeaders(result) };
  });
}

function idempotencyKey(request: ApiRequest): string | undefined {
  const key = request.header('idempotency-key');
  if (key === undefined) return undefined;

  const parsed = IdempotencyKeySchema.safeParse(key);
  if (!parsed.success) {
    const message = 'must be 1–128 visible ASCII characters';
    throw new ValidationError([{ field: 'Idempotency-Key', message }]);
  }
  return parsed.data;
}

function stringHeaders(result: APIGatewayProxyResult): Record<string, string> {
  return Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
}
