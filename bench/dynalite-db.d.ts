declare module 'dynalite/db/index.js' {
  /** An item in DynamoDB's wire JSON: attribute name → `{S: …}`, `{N: …}`, `{M: …}`… */
  type WireItem = Record<string, Record<string, unknown>>;

  /** The size dynalite (like DynamoDB) bills for an item: names plus values, in bytes. */
  export function itemSize(item: WireItem): number;

  /** Capacity units dynalite reports with `ReturnConsumedCapacity` for one item. */
  export function capacityUnits(
    item: WireItem | undefined | null,
    isRead: boolean,
    isConsistent?: boolean,
  ): number;
}
