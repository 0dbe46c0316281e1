import { describe, expect, it } from 'vitest';
import {
  type AuditEvent,
  EMPTY_CHAIN_HEAD,
  GENESIS_HASH,
  hashAuditEvent,
  sealAuditEvent,
} from '../../functions/core/audit-event';
import { verifyAuditChain } from '../../functions/core/audit-verifier';
import { canonicalize } from '../../functions/core/canonical-json';

const ID = '6f1c2a7e-0000-4000-8000-000000000001';

function chainOf(length: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let index = 0; index < length; index += 1) {
    const head = events.at(-1) ?? EMPTY_CHAIN_HEAD;
    const draft = {
      type: index === 0 ? ('ORCHESTRATION_SUGGESTED' as const) : ('APPROVAL_RECORDED' as const),
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
      actor: { kind: 'user' as const, id: `admin-${index}` },
      data: { justification: `reason ${index}`, weight: index / 3 },
    };
    events.push(sealAuditEvent(ID, { seq: head.seq, hash: head.hash }, draft));
  }
  return events;
}

function headOf(events: AuditEvent[]) {
  const last = events.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : EMPTY_CHAIN_HEAD;
}

describe('canonicalize', () => {
  it('sorts keys by UTF-16 code units and drops undefined members', () => {
    const text = canonicalize({
      b: 1,
      a: [true, null, 'x'],
      é: 2,
      Z: undefined,
      c: { y: 1, x: 2 },
    });

    expect(text).toBe('{"a":[true,null,"x"],"b":1,"c":{"x":2,"y":1},"é":2}');
  });

  it('writes numbers in their ECMAScript shortest form', () => {
    expect(canonicalize([1e21, 0.1, -0, 1.5e-7, 100])).toBe('[1e+21,0.1,0,1.5e-7,100]');
  });

  it('refuses numbers that have no JSON form', () => {
    expect(() => canonicalize({ n: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});

describe('verifyAuditChain', () => {
  it('accepts an intact chain and reports its head', () => {
    const events = chainOf(5);

    const verification = verifyAuditChain(ID, events, headOf(events));

    expect(verification).toEqual({ valid: true, checked: 5, head: headOf(events) });
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
  });

  it('names the edited event when one field of event k changes', () => {
    const events = chainOf(6);
    const edited = events.map((event) =>
      event.seq === 3 ? { ...event, data: { ...event.data, justification: 'forged' } } : event,
    );

    const verification = verifyAuditChain(ID, edited, headOf(events));

    expect(verification).toMatchObject({ valid: false, firstInvalidSeq: 3 });
  });

  it('names the gap when a middle event is deleted', () => {
    const events = chainOf(6).filter((event) => event.seq !== 4);

    expect(verifyAuditChain(ID, events)).toMatchObject({ valid: false, firstInvalidSeq: 4 });
  });

  it('names the first misplaced event when two events are swapped', () => {
    const events = chainOf(5);
    const swapped = [events[0], events[2], events[1], events[3], events[4]] as AuditEvent[];

    expect(verifyAuditChain(ID, swapped)).toMatchObject({ valid: false, firstInvalidSeq: 2 });
  });

  it('detects a rehashed edit at the next link', () => {
    const events = chainOf(5);
    const target = events[1] as AuditEvent;
    const forged = { ...target, data: { justification: 'forged' } };
    const rehashed = { ...forged, hash: hashAuditEvent(forged) };
    const tampered = events.map((event) => (event.seq === 2 ? rehashed : event));

    expect(verifyAuditChain(ID, tampered)).toMatchObject({ valid: false, firstInvalidSeq: 3 });
  });

  it('detects a deleted newest event through the recorded head', () => {
    const events = chainOf(5);

    const verification = verifyAuditChain(ID, events.slice(0, 4), headOf(events));

    expect(verification).toMatchObject({ valid: false, firstInvalidSeq: 5 });
  });

  it('detects an appended event the head does not record', () => {
    const events = chainOf(5);

    const verification = verifyAuditChain(ID, events, headOf(events.slice(0, 4)));

    expect(verification).toMatchObject({ valid: false, firstInvalidSeq: 5 });
  });

  it('refuses an event copied from another orchestration', () => {
    const events = chainOf(3).map((event) => ({ ...event, orchestrationId: 'other' }));

    expect(verifyAuditChain(ID, events)).toMatchObject({ valid: false, firstInvalidSeq: 1 });
  });
});
