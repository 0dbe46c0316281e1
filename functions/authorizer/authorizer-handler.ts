import { Logger } from '@aws-lambda-powertools/logger';
import type {
  APIGatewayAuthorizerWithContextResult,
  APIGatewayTokenAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { type AuthorizerConfig, loadAuthorizerConfig } from './authorizer-config';
import { AuthorizerConfigError, InvalidTokenError } from './authorizer-errors';
import { createKeySource, type KeySource } from './key-source';
import { buildRoutePolicy, hasAdminRole } from './route-policy';
import { type Caller, createTokenVerifier } from './token-verifier';

/**
 * What integrations receive as `requestContext.authorizer`. API Gateway delivers every value
 * as a string, so `isAdmin` is `'true'` or `'false'` and `roles` is comma-joined.
 */
export type AuthorizerContext = {
  sub: string;
  org: string;
  roles: string;
  isAdmin: 'true' | 'false';
};

/** An authorizer's answer for a verified token: principal, route policy and context. */
export type AuthorizerResult = APIGatewayAuthorizerWithContextResult<AuthorizerContext>;

/** A Lambda TOKEN authorizer for the REST API. */
export type Authorizer = (
  event: APIGatewayTokenAuthorizerEvent,
  context?: Context,
) => Promise<AuthorizerResult>;

/** Collaborators an authorizer may be given instead of its defaults. */
export interface AuthorizerOptions {
  logger?: Logger;
}

/** The exact error message API Gateway turns into a 401 for a TOKEN authorizer. */
export const UNAUTHORIZED = 'Unauthorized';

const BEARER = /^Bearer ([!-~]+)$/i;
const BEARER_PREFIX_LENGTH = 'Bearer '.length;

/**
 * Builds an authorizer from settings and a key source. An untrustworthy token is answered
 * with `Error('Unauthorized')` (401), always the same; a key source that cannot be reached
 * rethrows its `KeySourceUnavailableError` (API Gateway answers 500, never an Allow).
 */
export function createAuthorizer(
  config: AuthorizerConfig,
  keySource: KeySource,
  options: AuthorizerOptions = {},
): Authorizer {
  const verify = createTokenVerifier(config, keySource);
  const logger = options.logger ?? new Logger();

  return async (event, context) => {
    if (context) {
      logger.addContext(context);
    }

    let caller: Caller;
    try {
      caller = await verify(bearerToken(event.authorizationToken, config));
    } catch (error) {
      throw answerFor(error, logger);
    }

    logger.debug('Token verified');
    return authorizerResult(caller, event.methodArn);
  };
}

function bearerToken(authorization: unknown, config: AuthorizerConfig): string {
  if (typeof authorization !== 'string') {
    throw notBearer();
  }

  // Bound the input before even the pattern runs over it.
  if (authorization.length > config.maxTokenBytes + BEARER_PREFIX_LENGTH) {
    throw new InvalidTokenError('TOKEN_TOO_LARGE', 'authorization header exceeds the size limit');
  }

  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined) {
    throw notBearer();
  }
  return token;
}

function notBearer(): InvalidTokenError {
  return new InvalidTokenError('NOT_BEARER', 'authorization is not "Bearer <one token>"');
}

function answerFor(error: unknown, logger: Logger): Error {
  if (error instanceof InvalidTokenError) {
    // The error's cause may carry the claims set, so only its code and reason are logged.
    logger.warn('Token refused', { code: error.code, reason: error.reason });
    return new Error(UNAUTHORIZED);
  }

  logger.error('Token could not be verified', { error });
  return error instanceof Error ? error : new Error('Authorizer failed', { cause: error });
}

function authorizerResult(caller: Caller, methodArn: string): AuthorizerResult {
  return {
    principalId: caller.sub,
    policyDocument: buildRoutePolicy(methodArn, caller.roles),
    // Context values reach the integration as strings; consumers compare with 'true'.
    context: {
      sub: caller.sub,
      org: caller.org,
      roles: caller.roles.join(','),
      isAdmin: hasAdminRole(caller.roles) ? 'true' : 'false',
    },
  };
}

const moduleLogger = new Logger();
const environmentAuthorizer = authorizerFromEnvironment();

/**
 * The Lambda entry point. Its settings and key source (with the JWKS cache) are built once,
 * when the module loads at cold start, and reused by every invocation.
 */
export const handler: Authorizer = async (event, context) => {
  if (environmentAuthorizer instanceof AuthorizerConfigError) {
    moduleLogger.error('Authorizer is misconfigured', { error: environmentAuthorizer });
    throw environmentAuthorizer;
  }
  return environmentAuthorizer(event, context);
};

function authorizerFromEnvironment(): Authorizer | AuthorizerConfigError {
  try {
    const config = loadAuthorizerConfig(process.env);
    return createAuthorizer(config, createKeySource(config), { logger: moduleLogger });
  } catch (error) {
    // Kept for the first invocation to report, so importing the module never throws.
    if (error instanceof AuthorizerConfigError) {
      return error;
    }
    throw error;
  }
}
