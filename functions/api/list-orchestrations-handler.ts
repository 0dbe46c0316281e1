import { z } from 'zod';
import { createDocumentClient } from '../adapters/dynamodb-document-client';
import { listOrchestrations } from '../adapters/orchestration-listing';
import { readServiceConfig } from '../adapters/service-config';
import { ValidationError } from '../core/errors';
import { ORCHESTRATION_STATUSES } from '../core/statuses';
import { createApiHandler, jsonResponse } from './api-handler';

const config = readServiceConfig();
const client = createDocumentClient();

const ListingQuerySchema = z.strictObject({
  status: z.enum(ORCHESTRATION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

/** `GET /orchestrations`: the caller's organisation's queue, newest first. */
export const handler = createApiHandler('ListOrchestrations', async (request) => {
  const principal = request.principal();
  const parsed = ListingQuerySchema.safeParse(request.queryParameters());
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    );
  }

  const page = await listOrchestrations(client, config.ORCHESTRATIONS_TABLE, {
    orgId: principal.org,
    ...parsed.data,
  });
  return jsonResponse(200, page);
});
