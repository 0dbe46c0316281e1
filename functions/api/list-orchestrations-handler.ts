import * as z from 'zod/mini';
import { createDocumentClient } from '../adapters/dynamodb-document-client';
import { listOrchestrations } from '../adapters/orchestration-listing';
import { readServiceConfig } from '../adapters/service-config';
import '../core/schema-locale';
import { ORCHESTRATION_STATUSES } from '../core/statuses';
import { createApiHandler, jsonResponse } from './api-handler';

const config = readServiceConfig();
const client = createDocumentClient();

const ListingQuerySchema = z.strictObject({
  status: z.optional(z.enum(ORCHESTRATION_STATUSES)),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

/** `GET /orchestrations`: the caller's organisation's queue, newest first. */
export const handler = createApiHandler('ListOrchestrations', async (request) => {
  const principal = request.principal();
  const query = request.query(ListingQuerySchema);

  const page = await listOrchestrations(client, config.ORCHESTRATIONS_TABLE, {
    orgId: principal.org,
    ...query,
  });
  return jsonResponse(200, page);
});
