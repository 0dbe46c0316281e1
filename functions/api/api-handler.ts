import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { logger } from '../adapters/service-logger';
import { ApiRequest } from './api-request';
import { internalProblem, problemForError, problemResponse } from './problem-response';

/** What a route does with a request. */
export type RouteHandler = (request: ApiRequest) => Promise<APIGatewayProxyResult>;

const DEFAULT_MAX_BODY_BYTES = 65_536;

/**
 * Wraps a route: correlation keys in every log line, domain errors turned into problem+json,
 * and anything unexpected logged with its cause and answered 500 without internals.
 */
export function createApiHandler(route: string, serve: RouteHandler, maxBodyBytes?: () => number) {
  return async (event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult> => {
    const request = new ApiRequest(event, maxBodyBytes?.() ?? DEFAULT_MAX_BODY_BYTES);
    logger.resetKeys();
    logger.appendKeys({
      route,
      requestId: request.requestId,
      lambdaRequestId: context?.awsRequestId,
      orchestrationId: event.pathParameters?.id,
    });

    try {
      return await serve(request);
    } catch (error) {
      return answerFailure(error, event.path);
    }
  };
}

/** A JSON response. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

function answerFailure(error: unknown, instance: string | undefined): APIGatewayProxyResult {
  const problem = problemForError(error, instance);
  if (problem) {
    const level = problem.status >= 500 ? 'error' : 'warn';
    logger[level]('Request refused', { status: problem.status, code: problem.type, error });
    return problemResponse(problem);
  }

  logger.error('Request failed unexpectedly', { error });
  return problemResponse(internalProblem(instance));
}
