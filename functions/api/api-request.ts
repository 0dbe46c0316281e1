import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import { ADMIN_ROLE } from '../core/api-routes';
import {
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../core/errors';
import type { Principal } from '../core/orchestration-transitions';

// Orchestration ids are UUIDs; anything else cannot name one, so it is simply not found.
const ORCHESTRATION_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A request as a route handler sees it: caller, path id, headers and a validated body. */
export class ApiRequest {
  readonly requestId: string;
  private readonly headers: Map<string, string>;

  constructor(
    private readonly event: APIGatewayProxyEvent,
    private readonly maxBodyBytes: number,
  ) {
    this.requestId = event.requestContext?.requestId ?? 'unknown';
    this.headers = new Map(
      Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value ?? '']),
    );
  }

  /** The caller, as the authorizer verified them; the organisation never comes from input. */
  principal(): Principal {
    const context = this.event.requestContext?.authorizer ?? {};
    const sub = context.sub;
    const org = context.org;
    if (typeof sub !== 'string' || !sub || typeof org !== 'string' || !org) {
      throw new UnauthorizedError('No verified caller');
    }

    const roles =
      typeof context.roles === 'string' && context.roles ? context.roles.split(',') : [];
    // Context values arrive as strings; the role list is the source of truth, not "isAdmin".
    return { sub, org, roles, isAdmin: roles.includes(ADMIN_ROLE) };
  }

  /** The orchestration id of the path; malformed ids name nothing, so they are 404. */
  orchestrationId(): string {
    const id = this.event.pathParameters?.id ?? '';
    if (!ORCHESTRATION_ID_PATTERN.test(id)) {
      throw new NotFoundError('No orchestration with that id in this organisation');
    }
    return id;
  }

  /** A header by case-insensitive name. */
  header(name: string): string | undefined {
    return this.headers.get(name.toLowerCase());
  }

  /** The query string parameters validated against a schema; empty values count as absent. */
  query<Schema extends z.ZodMiniType>(schema: Schema): z.infer<Schema> {
    const entries = Object.entries(this.event.queryStringParameters ?? {});
    return validated(schema, Object.fromEntries(entries.filter((entry) => !!entry[1])), '(query)');
  }

  /** The JSON body validated against a schema; an absent body counts as `{}`. */
  body<Schema extends z.ZodMiniType>(schema: Schema): z.infer<Schema> {
    return validated(schema, this.rawJson(), '(body)');
  }

  private rawJson(): unknown {
    const text = this.bodyText();
    if (text.trim() === '') return {};

    const contentType = this.header('content-type');
    if (!contentType || !/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType)) {
      throw new UnsupportedMediaTypeError(contentType);
    }

    try {
      return JSON.parse(text);
    } catch (error) {
      throw new MalformedRequestError('The request body is not valid JSON', { cause: error });
    }
  }

  private bodyText(): string {
    const body = this.event.body ?? '';
    const text = this.event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
    if (Buffer.byteLength(text) > this.maxBodyBytes) {
      throw new PayloadTooLargeError(this.maxBodyBytes);
    }
    return text;
  }
}

/** Parses untrusted input; a failure names every offending field (422). */
function validated<Schema extends z.ZodMiniType>(
  schema: Schema,
  input: unknown,
  whole: string,
): z.infer<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({
        field: issue.path.length ? issue.path.join('.') : whole,
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}
