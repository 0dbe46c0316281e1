import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  MalformedRequestError,
  NotFoundError,
  type OrchestratorError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../core/errors';

const PROBLEM_TYPE_BASE = 'urn:incident-orchestrator:problem:';

/** The status and title of each domain error; the one place errors become HTTP. */
const HTTP_OF_ERROR: ReadonlyArray<[new (...args: never[]) => OrchestratorError, number, string]> =
  [
    [MalformedRequestError, 400, 'Malformed request'],
    [UnauthorizedError, 401, 'Unauthorized'],
    [ForbiddenError, 403, 'Forbidden'],
    [NotFoundError, 404, 'Not found'],
    [ConflictError, 409, 'Conflict'],
    [PayloadTooLargeError, 413, 'Payload too large'],
    [UnsupportedMediaTypeError, 415, 'Unsupported media type'],
    [ValidationError, 422, 'Validation failed'],
    [DependencyUnavailableError, 503, 'Dependency unavailable'],
  ];

/** An RFC 9457 problem details body. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

/** A problem+json response with the given fields. */
export function problemResponse(problem: ProblemDetails): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
    body: JSON.stringify(problem),
  };
}

/** The problem for a known domain error, or undefined for anything unexpected. */
export function problemForError(error: unknown, instance?: string): ProblemDetails | undefined {
  const match = HTTP_OF_ERROR.find(([errorClass]) => error instanceof errorClass);
  if (!match) return undefined;

  const [, status, title] = match;
  const domainError = error as OrchestratorError;
  return {
    type: `${PROBLEM_TYPE_BASE}${domainError.code}`,
    title,
    status,
    detail: domainError.message,
    instance,
    ...extensionsOf(domainError),
  };
}

/** The problem for a failure nobody planned for; it says nothing about internals. */
export function internalProblem(instance?: string): ProblemDetails {
  return {
    type: `${PROBLEM_TYPE_BASE}internal-error`,
    title: 'Internal error',
    status: 500,
    detail: 'The request failed unexpectedly; nothing was changed unless the response said so',
    instance,
  };
}

function extensionsOf(error: OrchestratorError): Record<string, unknown> {
  if (error instanceof ValidationError) return { errors: error.problems };
  if (error instanceof ForbiddenError) return { rule: error.rule };
  if (error instanceof DependencyUnavailableError) return { dependency: error.dependency };
  return {};
}
