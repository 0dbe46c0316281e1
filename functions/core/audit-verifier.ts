import { type AuditEvent, type ChainHead, GENESIS_HASH, hashAuditEvent } from './audit-event';

/** What checking a chain found; `firstInvalidSeq` names where it breaks. */
export interface ChainVerification {
  valid: boolean;
  checked: number;
  head: ChainHead;
  firstInvalidSeq?: number;
  reason?: string;
}

/**
 * Checks that events are numbered 1..n without gaps, each links to its predecessor's hash,
 * each hash matches its content, and the last event is the head the state item recorded.
 */
export function verifyAuditChain(
  orchestrationId: string,
  events: readonly AuditEvent[],
  recordedHead?: ChainHead,
): ChainVerification {
  let previousHash = GENESIS_HASH;

  for (const [index, event] of events.entries()) {
    const problem = findLinkProblem(orchestrationId, event, index + 1, previousHash);
    if (problem) {
      return broken(index, events, index + 1, problem);
    }
    previousHash = event.hash;
  }

  const head = headOf(events);
  if (recordedHead && (recordedHead.seq !== head.seq || recordedHead.hash !== head.hash)) {
    const reason = `chain ends at ${head.seq} but the state item records head ${recordedHead.seq}`;
    return broken(events.length, events, Math.min(head.seq, recordedHead.seq) + 1, reason);
  }

  return { valid: true, checked: events.length, head };
}

function findLinkProblem(
  orchestrationId: string,
  event: AuditEvent,
  expectedSeq: number,
  previousHash: string,
): string | undefined {
  if (event.seq !== expectedSeq) {
    return `expected event ${expectedSeq}, found ${event.seq}`;
  }

  if (event.orchestrationId !== orchestrationId) {
    return 'event belongs to another orchestration';
  }

  if (event.prevHash !== previousHash) {
    return 'prevHash does not match the previous event';
  }

  if (hashAuditEvent(event) !== event.hash) {
    return 'hash does not match the event content';
  }

  return undefined;
}

function broken(
  checked: number,
  events: readonly AuditEvent[],
  firstInvalidSeq: number,
  reason: string,
): ChainVerification {
  return { valid: false, checked, head: headOf(events), firstInvalidSeq, reason };
}

function headOf(events: readonly AuditEvent[]): ChainHead {
  const last = events.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}
