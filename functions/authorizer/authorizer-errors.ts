/** Base of every error the JWT authorizer raises. */
export class AuthorizerError extends Error {
  override name = 'AuthorizerError';
}

/** The authorizer's environment is invalid; the message lists the variables to fix. */
export class AuthorizerConfigError extends AuthorizerError {
  override name = 'AuthorizerConfigError';
}

/**
 * The bearer token cannot be trusted. `code` is jose's error code or one of ours (see
 * `token-verifier.ts`); it is safe to log, the token and its claims are not.
 */
export class InvalidTokenError extends AuthorizerError {
  override name = 'InvalidTokenError';

  constructor(
    readonly code: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Invalid token: ${reason}`, options);
  }
}

/**
 * The keys that would verify the token could not be obtained (JWKS down, slow, redirecting or
 * serving junk; secret unreadable). Never an answer about the token itself, so never a 401.
 */
export class KeySourceUnavailableError extends AuthorizerError {
  override name = 'KeySourceUnavailableError';

  constructor(
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(`Verification keys unavailable (${code})`, options);
  }
}

/** API Gateway sent a `methodArn` that is not an execute-api method ARN. */
export class MethodArnError extends AuthorizerError {
  override name = 'MethodArnError';
}
