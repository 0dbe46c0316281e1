import { createHash } from 'node:crypto';
import { canonicalize } from './canonical-json';

/** Every kind of fact the audit chain records. */
export type AuditEventType =
  | 'ORCHESTRATION_SUGGESTED'
  | 'DRY_RUN_PASSED'
  | 'DRY_RUN_FAILED'
  | 'APPROVAL_RECORDED'
  | 'REJECTED'
  | 'EXECUTION_REQUESTED'
  | 'EXECUTION_SUCCEEDED'
  | 'EXECUTION_FAILED'
  | 'EXPIRED'
  | 'CANCELLED'
  | 'POLICY_CHANGED';

/** Who caused an audit event: a person with a token, or the workflow itself. */
export interface Actor {
  kind: 'user' | 'system';
  id: string;
}

/** An audit event before it is sealed into the chain. */
export interface AuditEventDraft {
  type: AuditEventType;
  at: string;
  actor: Actor;
  data: Record<string, unknown>;
}

/** An immutable, hash-chained record of one fact about an orchestration. */
export interface AuditEvent extends AuditEventDraft {
  orchestrationId: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/** The newest link of a chain; the state item carries it so truncation shows. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The `prevHash` of the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The head of a chain that has no event yet. */
export const EMPTY_CHAIN_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** SHA-256 over the RFC 8785 form of everything an event says, its link included. */
export function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): string {
  const { orchestrationId, seq, type, at, actor, data, prevHash } = event;
  const canonical = canonicalize({ orchestrationId, seq, type, at, actor, data, prevHash });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Links a draft to the chain after `head`, as the next sequence number. */
export function sealAuditEvent(
  orchestrationId: string,
  head: ChainHead,
  draft: AuditEventDraft,
): AuditEvent {
  const unsealed = { orchestrationId, seq: head.seq + 1, prevHash: head.hash, ...draft };
  return { ...unsealed, hash: hashAuditEvent(unsealed) };
}
