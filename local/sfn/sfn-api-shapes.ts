import type { ExecutionRecord, HistoryEvent } from './execution-record';
import { StepFunctionsApiError } from './sfn-errors';

/** A date as the AWS JSON protocol carries it: epoch seconds. */
export function epochSeconds(milliseconds: number): number {
  return milliseconds / 1000;
}

/** The DescribeExecution answer for an execution. */
export function describeExecutionShape(record: ExecutionRecord): Record<string, unknown> {
  return {
    ...executionListItemShape(record),
    input: record.input,
    inputDetails: { included: true },
    ...(record.output === undefined
      ? {}
      : { output: record.output, outputDetails: { included: true } }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.cause === undefined ? {} : { cause: record.cause }),
  };
}

/** The ListExecutions entry for an execution. */
export function executionListItemShape(record: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    ...(record.stopDate === undefined ? {} : { stopDate: epochSeconds(record.stopDate) }),
  };
}

const DATA_FIELDS = ['input', 'output', 'parameters'];

/** A history event as GetExecutionHistory returns it, details under their AWS field name. */
export function historyEventShape(
  event: HistoryEvent,
  includeExecutionData: boolean,
): Record<string, unknown> {
  const details = Object.fromEntries(
    Object.entries(event.details ?? {}).filter(
      ([key, value]) => value !== undefined && (includeExecutionData || !DATA_FIELDS.includes(key)),
    ),
  );

  return {
    id: event.id,
    previousEventId: event.previousEventId,
    timestamp: epochSeconds(event.timestamp),
    type: event.type,
    [detailsFieldOf(event.type)]: details,
  };
}

function detailsFieldOf(type: string): string {
  if (type.endsWith('StateEntered')) {
    return 'stateEnteredEventDetails';
  }
  if (type.endsWith('StateExited')) {
    return 'stateExitedEventDetails';
  }

  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

/** One page of a list and the token for the next, if any. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Cuts a page from a list; `nextToken` is an opaque offset, `maxResults` 0 means 100. */
export function paginate<T>(items: readonly T[], maxResults = 0, nextToken?: string): Page<T> {
  const offset = nextToken === undefined ? 0 : decodeOffset(nextToken);
  const size = maxResults === 0 ? 100 : maxResults;
  const end = offset + size;

  return {
    items: items.slice(offset, end),
    ...(end < items.length
      ? { nextToken: Buffer.from(`offset:${end}`).toString('base64url') }
      : {}),
  };
}

function decodeOffset(nextToken: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'));
  if (match?.[1] === undefined) {
    throw new StepFunctionsApiError('InvalidToken', 'The nextToken is not one this service issued');
  }

  return Number(match[1]);
}
