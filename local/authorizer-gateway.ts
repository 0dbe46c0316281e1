import type {
  APIGatewayAuthorizerResult,
  APIGatewayTokenAuthorizerEvent,
  PolicyDocument,
} from 'aws-lambda';
import { evaluatePolicy } from './policy-evaluator';

/** What the authorizer step decided for one request. */
export type AuthorizerVerdict =
  | { kind: 'allowed'; principalId: string; context: Record<string, string | number | boolean> }
  | { kind: 'unauthorized' }
  | { kind: 'forbidden' }
  | { kind: 'failed'; error: unknown };

/** The authorizer Lambda's handler. */
export type TokenAuthorizer = (
  event: APIGatewayTokenAuthorizerEvent,
) => Promise<APIGatewayAuthorizerResult>;

interface CachedPolicy {
  result: APIGatewayAuthorizerResult;
  expiresAt: number;
}

/**
 * A TOKEN authorizer as API Gateway runs it: no header means 401 without calling it, the
 * policy is cached per token for every route (so it must enumerate routes), a thrown
 * `Unauthorized` is 401, a Deny or unmatched route is 403, any other failure is 500.
 */
export class AuthorizerGateway {
  private readonly cache = new Map<string, CachedPolicy>();

  constructor(
    private readonly authorize: TokenAuthorizer,
    private readonly cacheTtlSeconds: number,
  ) {}

  /** Decides whether the request with this Authorization header may call `methodArn`. */
  async decide(authorization: string | undefined, methodArn: string): Promise<AuthorizerVerdict> {
    if (!authorization) return { kind: 'unauthorized' };

    let result: APIGatewayAuthorizerResult;
    try {
      result = await this.policyFor(authorization, methodArn);
    } catch (error) {
      const unauthorized = error instanceof Error && error.message === 'Unauthorized';
      return unauthorized ? { kind: 'unauthorized' } : { kind: 'failed', error };
    }

    const decision = evaluatePolicy(result.policyDocument as PolicyDocument, methodArn);
    if (decision === 'deny') return { kind: 'forbidden' };
    return { kind: 'allowed', principalId: result.principalId, context: flatContext(result) };
  }

  private async policyFor(token: string, methodArn: string) {
    const cached = this.cache.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.result;

    const result = await this.authorize({ type: 'TOKEN', authorizationToken: token, methodArn });
    if (this.cacheTtlSeconds > 0) {
      this.cache.set(token, { result, expiresAt: Date.now() + this.cacheTtlSeconds * 1000 });
    }
    return result;
  }
}

/** Authorizer context as API Gateway passes it on: only the values that are set. */
function flatContext(
  result: APIGatewayAuthorizerResult,
): Record<string, string | number | boolean> {
  const entries = Object.entries(result.context ?? {});
  return Object.fromEntries(
    entries.filter((entry): entry is [string, string | number | boolean] => entry[1] != null),
  );
}
