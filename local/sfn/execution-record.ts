import { z } from 'zod';

/** The statuses of a Standard execution. */
export const ExecutionStatusSchema = z.enum([
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
]);
/** The status of an execution. */
export type ExecutionStatus = z.infer<typeof ExecutionStatusSchema>;

/** One entry of an execution's history; `details` holds the AWS `...EventDetails` fields. */
export const HistoryEventSchema = z.strictObject({
  id: z.int(),
  previousEventId: z.int(),
  timestamp: z.number(),
  type: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
/** A history event, as stored. */
export type HistoryEvent = z.infer<typeof HistoryEventSchema>;

/** The attempt a Task state is making. Times are epoch milliseconds. */
export const PendingTaskSchema = z.strictObject({
  /** The task token of a `.waitForTaskToken` attempt; kept so a restart re-sends the same one. */
  token: z.string().optional(),
  /** When TimeoutSeconds runs out. */
  deadline: z.number().optional(),
  /** When HeartbeatSeconds runs out unless SendTaskHeartbeat moves it. */
  heartbeatDeadline: z.number().optional(),
  /** The Lambda function returned; a `.waitForTaskToken` task now waits for its token only. */
  invoked: z.boolean(),
});
/** A pending Task attempt, as stored. */
export type PendingTask = z.infer<typeof PendingTaskSchema>;

/** Where a running execution is: its current state, that state's input and its progress. */
export const ExecutionPositionSchema = z.strictObject({
  stateName: z.string(),
  input: z.unknown(),
  enteredAt: z.number(),
  /** Retries spent per Retry entry of the current Task state. */
  retryCounts: z.array(z.int()),
  /** Retries spent in the current state in all, for `$$.State.RetryCount`. */
  retryCount: z.int(),
  /** When a Wait state ends, or when the next retry of a Task attempt starts. */
  resumeAt: z.number().optional(),
  task: PendingTaskSchema.optional(),
});
/** The position of a running execution, as stored. */
export type ExecutionPosition = z.infer<typeof ExecutionPositionSchema>;

/** Everything the emulator keeps about one execution; one JSON file each in the data directory. */
export const ExecutionRecordSchema = z.strictObject({
  executionArn: z.string(),
  stateMachineArn: z.string(),
  name: z.string(),
  input: z.string(),
  status: ExecutionStatusSchema,
  startDate: z.number(),
  stopDate: z.number().optional(),
  /** When the state machine's TimeoutSeconds runs out. */
  deadline: z.number().optional(),
  position: ExecutionPositionSchema.optional(),
  output: z.string().optional(),
  error: z.string().optional(),
  cause: z.string().optional(),
  stateTransitions: z.int(),
  /** SHA-256 digests of the task tokens this execution issued that are no longer pending. */
  closedTokenDigests: z.array(z.string()),
  history: z.array(HistoryEventSchema),
});
/** An execution, as stored. */
export type ExecutionRecord = z.infer<typeof ExecutionRecordSchema>;

/** Appends a history event, chained to the previous one as AWS numbers them. */
export function appendHistoryEvent(
  record: ExecutionRecord,
  type: string,
  details?: Record<string, unknown>,
): void {
  const previousEventId = record.history.length;

  record.history.push({
    id: previousEventId + 1,
    previousEventId,
    timestamp: Date.now(),
    type,
    ...(details === undefined ? {} : { details }),
  });
}
