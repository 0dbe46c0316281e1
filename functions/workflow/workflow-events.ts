import * as z from 'zod/mini';
import '../core/schema-locale';

const OrchestrationIdSchema = z.string().check(z.uuid());
const WaitStageSchema = z.enum(['approval', 'execution']);

/** Payload of the two waits: which orchestration, which wait, and its task token. */
export const ParkTaskTokenEventSchema = z.object({
  orchestrationId: OrchestrationIdSchema,
  stage: WaitStageSchema,
  taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
});
export type ParkTaskTokenEvent = z.infer<typeof ParkTaskTokenEventSchema>;

/** Payload of a closed window. */
export const RecordExpiryEventSchema = z.object({
  orchestrationId: OrchestrationIdSchema,
  stage: WaitStageSchema,
});
export type RecordExpiryEvent = z.infer<typeof RecordExpiryEventSchema>;

/**
 * Payload of the playbook run; `attempt` is `$$.State.RetryCount` (0 on the first try) when
 * the state machine passes it, and only serves the logs.
 */
export const RunPlaybookEventSchema = z.object({
  orchestrationId: OrchestrationIdSchema,
  attempt: z.optional(z.number().check(z.int(), z.minimum(0))),
});
export type RunPlaybookEvent = z.infer<typeof RunPlaybookEventSchema>;

/** Payload of a run that failed after its retries: the state machine's caught error. */
export const RecordFailureEventSchema = z.object({
  orchestrationId: OrchestrationIdSchema,
  error: z.object({ Error: z.string(), Cause: z.optional(z.string()) }),
});
export type RecordFailureEvent = z.infer<typeof RecordFailureEventSchema>;
