import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';

/** What API Gateway answers, itself, for one kind of refusal. */
export interface GatewayProblem {
  readonly type: ResponseType;
  readonly status: number;
  /** The last part of the problem `type` URN, shared with the handlers' problems. */
  readonly code: string;
  readonly title: string;
  readonly detail: string;
}

/** Problem `type` URNs start like the handlers' (functions/api/problem-response.ts). */
export const PROBLEM_TYPE_BASE = 'urn:incident-orchestrator:problem:';

const FORBIDDEN = { status: 403, code: 'forbidden', title: 'Forbidden' } as const;
const NOT_FOUND = { status: 404, code: 'not-found', title: 'Not found' } as const;
const BAD_REQUEST = { status: 400, code: 'bad-request', title: 'Bad request' } as const;
const TOO_MANY = { status: 429, code: 'too-many-requests', title: 'Too many requests' } as const;
const AUTHORIZER = {
  status: 500,
  code: 'authorizer-failed',
  title: 'Authorizer failed',
  detail: 'The request could not be authorized; try again later',
} as const;
const INTERNAL = { status: 500, code: 'internal-error', title: 'Internal error' } as const;
const TIMEOUT = { status: 504, code: 'gateway-timeout', title: 'Gateway timeout' } as const;

/**
 * Every gateway response type with the status it is sent with and its problem. Each type is
 * listed, so DEFAULT_4XX and DEFAULT_5XX only answer types AWS adds later, with 400 and 500.
 */
export const GATEWAY_PROBLEMS: readonly GatewayProblem[] = [
  {
    type: ResponseType.UNAUTHORIZED,
    status: 401,
    code: 'unauthorized',
    title: 'Unauthorized',
    detail: 'A valid bearer token is required',
  },
  { type: ResponseType.ACCESS_DENIED, ...FORBIDDEN, detail: 'The token does not allow this route' },
  { type: ResponseType.EXPIRED_TOKEN, ...FORBIDDEN, detail: 'The token has expired' },
  { type: ResponseType.INVALID_SIGNATURE, ...FORBIDDEN, detail: 'The signature is not valid' },
  { type: ResponseType.INVALID_API_KEY, ...FORBIDDEN, detail: 'The API key is not valid' },
  { type: ResponseType.WAF_FILTERED, ...FORBIDDEN, detail: 'The request was blocked' },
  // API Gateway says "Missing Authentication Token" for a path or method it does not serve.
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, ...NOT_FOUND, detail: 'No such route' },
  { type: ResponseType.RESOURCE_NOT_FOUND, ...NOT_FOUND, detail: 'No such resource' },
  {
    // The gateway cannot tell malformed JSON from a schema violation; the latter is far more
    // common, so both answer as the handlers answer a schema violation.
    type: ResponseType.BAD_REQUEST_BODY,
    status: 422,
    code: 'validation-failed',
    title: 'Validation failed',
    detail: "The body is not JSON or does not match this route's request model",
  },
  { type: ResponseType.BAD_REQUEST_PARAMETERS, ...BAD_REQUEST, detail: 'Invalid parameters' },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    status: 413,
    code: 'payload-too-large',
    title: 'Payload too large',
    detail: 'The request is larger than API Gateway accepts',
  },
  {
    type: ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: 415,
    code: 'unsupported-media-type',
    title: 'Unsupported media type',
    detail: 'Send the body as application/json',
  },
  { type: ResponseType.THROTTLED, ...TOO_MANY, detail: 'Slow down and retry with backoff' },
  { type: ResponseType.QUOTA_EXCEEDED, ...TOO_MANY, detail: 'The usage quota is exhausted' },
  { type: ResponseType.AUTHORIZER_FAILURE, ...AUTHORIZER },
  { type: ResponseType.AUTHORIZER_CONFIGURATION_ERROR, ...AUTHORIZER },
  { type: ResponseType.API_CONFIGURATION_ERROR, ...INTERNAL, detail: 'The API is misconfigured' },
  {
    type: ResponseType.INTEGRATION_FAILURE,
    status: 502,
    code: 'bad-gateway',
    title: 'Bad gateway',
    detail: 'The handler failed',
  },
  { type: ResponseType.INTEGRATION_TIMEOUT, ...TIMEOUT, detail: 'The handler took too long' },
  { type: ResponseType.DEFAULT_4XX, ...BAD_REQUEST, detail: 'The request was refused' },
  { type: ResponseType.DEFAULT_5XX, ...INTERNAL, detail: 'The request failed; try again later' },
];

/** The problem+json body of a gateway response, as a mapping template. */
export function problemTemplate(problem: GatewayProblem): string {
  const body = {
    type: `${PROBLEM_TYPE_BASE}${problem.code}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    // A plain identifier: the only variable the template interpolates.
    requestId: '$context.requestId',
  };

  return JSON.stringify(body);
}

/** Answers every gateway refusal with `application/problem+json`, like the handlers do. */
export function addProblemResponses(restApi: RestApi): void {
  for (const problem of GATEWAY_PROBLEMS) {
    restApi.addGatewayResponse(`Problem${problem.type.responseType}`, {
      type: problem.type,
      statusCode: String(problem.status),
      responseHeaders: {
        'Content-Type': "'application/problem+json'",
        'Cache-Control': "'no-store'",
      },
      templates: { 'application/json': problemTemplate(problem) },
    });
  }
}
