import { capacityUnits, itemSize } from 'dynalite/db/index.js';
import type { DynamoDbExchange } from './traffic-recorder';

/** Read and write request units (on-demand) of a list of DynamoDB requests. */
export interface RequestUnits {
  readUnits: number;
  writeUnits: number;
  /** Index writes included in `writeUnits` (the byOrg GSI, projection ALL). */
  indexWriteUnits: number;
  conditionFailures: number;
}

type WireItem = Record<string, Record<string, unknown>>;

interface WireRequest {
  TableName?: string;
  Key?: WireItem;
  Item?: WireItem;
  ConsistentRead?: boolean;
}

interface WireResponse {
  Item?: WireItem;
  Items?: WireItem[];
}

/** Attributes that put an item into the byOrg index (`infra/orchestration-tables.ts`). */
const INDEX_KEYS = ['orgPk', 'orgSk'];
const KEY_ATTRIBUTES = ['pk', 'sk'];
const READ_UNIT_BYTES = 4096;

/**
 * Bills the exchanges as DynamoDB on-demand does, using dynalite's own item sizes and
 * `ReturnConsumedCapacity` arithmetic (`capacityUnits`): a read costs one unit per 4 KB
 * (half when eventually consistent), at least one; a write one unit per 1 KB of the larger
 * of the old and new item, also when its condition fails; a write of an item carrying the
 * index keys writes the index too. Old sizes come from earlier writes in the same list.
 */
export function requestUnitsOf(exchanges: readonly DynamoDbExchange[]): RequestUnits {
  const units: RequestUnits = {
    readUnits: 0,
    writeUnits: 0,
    indexWriteUnits: 0,
    conditionFailures: 0,
  };
  const writtenUnits = new Map<string, number>();

  for (const exchange of exchanges) {
    const request = parse<WireRequest>(exchange.requestBody);
    const response = exchange.status === 200 ? parse<WireResponse>(exchange.responseBody) : {};
    const failedCondition = exchange.responseBody.includes('ConditionalCheckFailedException');
    if (failedCondition) units.conditionFailures += 1;

    if (exchange.operation === 'GetItem' || exchange.operation === 'Query') {
      units.readUnits += readUnits(request, response);
    } else {
      const write = writeUnits(exchange.operation, request, writtenUnits, !failedCondition);
      units.writeUnits += write.table + write.index;
      units.indexWriteUnits += write.index;
    }
  }
  return units;
}

function readUnits(request: WireRequest, response: WireResponse): number {
  const items = response.Items ?? (response.Item ? [response.Item] : []);
  const bytes = items.reduce((sum, item) => sum + itemSize(item), 0);
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  return request.ConsistentRead ? units : units / 2;
}

function writeUnits(
  operation: string,
  request: WireRequest,
  writtenUnits: Map<string, number>,
  succeeded: boolean,
): { table: number; index: number } {
  const key = itemKey(request);
  const previous = writtenUnits.get(key) ?? 0;
  if (operation !== 'PutItem' || !request.Item) {
    // Deletes and counter updates: the size of what was there, at least one unit.
    if (succeeded && operation === 'DeleteItem') writtenUnits.delete(key);
    return { table: Math.max(1, previous), index: 0 };
  }

  const next = capacityUnits(request.Item, false);
  if (succeeded) writtenUnits.set(key, next);
  const indexed = succeeded && INDEX_KEYS.every((name) => request.Item?.[name] !== undefined);
  return { table: Math.max(next, previous), index: indexed ? next : 0 };
}

function itemKey(request: WireRequest): string {
  const source = request.Key ?? request.Item ?? {};
  const key = KEY_ATTRIBUTES.map((name) => JSON.stringify(source[name] ?? null));
  return `${request.TableName ?? ''}|${key.join('|')}`;
}

function parse<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return {} as T;
  }
}
