import { createHash } from 'node:crypto';
import {
  type AuditEvent,
  type AuditEventDraft,
  EMPTY_CHAIN_HEAD,
  sealAuditEvent,
} from '../functions/core/audit-event';
import { verifyAuditChain } from '../functions/core/audit-verifier';
import { canonicalize } from '../functions/core/canonical-json';
import { median, round } from './statistics';

/** Verification throughput over one long chain, against hashing the same events bare. */
export interface AuditResult {
  events: number;
  rounds: number;
  buildMs: number;
  valid: boolean;
  verifyEventsPerSecond: number;
  floorEventsPerSecond: number;
  /** Verify over floor; the budget wants at least 0.8. */
  ratio: number;
  verifySamples: number[];
  floorSamples: number[];
}

/** How long a chain and how many alternating rounds, bounded by time. */
export interface AuditPlan {
  events: number;
  rounds: number;
  deadlineMs: number;
}

const ORCHESTRATION_ID = '6f1c2b9e-3d7a-4c51-9e0f-2a8b7c6d5e4f';
const USER = { kind: 'user', id: 'engineer-1' } as const;
const SYSTEM = { kind: 'system', id: 'workflow' } as const;

// Event shapes of a real lifecycle, so the canonical forms have realistic sizes.
const DRAFTS: readonly Omit<AuditEventDraft, 'at'>[] = [
  {
    type: 'ORCHESTRATION_SUGGESTED',
    actor: USER,
    data: {
      incident: { title: 'Checkout errors after deploy', severity: 'high', service: 'checkout' },
      recommendations: [{ playbookId: 'rollback-deploy', risk: 'medium', confidence: 0.82 }],
    },
  },
  {
    type: 'DRY_RUN_PASSED',
    actor: USER,
    data: { playbook: { id: 'rollback-deploy', version: '2.1.0' }, mode: 'manual', checks: 4 },
  },
  {
    type: 'APPROVAL_RECORDED',
    actor: { kind: 'user', id: 'admin-1' },
    data: { approver: 'admin-1', justification: 'Rollback is the fastest safe fix' },
  },
  { type: 'EXECUTION_REQUESTED', actor: { kind: 'user', id: 'admin-1' }, data: {} },
  { type: 'EXECUTION_SUCCEEDED', actor: SYSTEM, data: { source: 'simulation', attempts: 1 } },
];

/** Builds a chain of `plan.events` sealed events, then alternates verify and floor rounds. */
export function runAuditBenchmark(plan: AuditPlan): AuditResult {
  const buildStart = performance.now();
  const events = buildChain(plan.events);
  const buildMs = performance.now() - buildStart;

  const deadline = Date.now() + plan.deadlineMs;
  const verifySamples: number[] = [];
  const floorSamples: number[] = [];
  let valid = true;
  for (let round = 0; round < plan.rounds && Date.now() < deadline; round += 1) {
    floorSamples.push(eventsPerSecond(events.length, () => hashOnly(events)));
    verifySamples.push(
      eventsPerSecond(events.length, () => {
        valid &&= verifyAuditChain(ORCHESTRATION_ID, events).valid;
      }),
    );
  }

  return summary(plan, events.length, buildMs, valid, verifySamples, floorSamples);
}

function summary(
  plan: AuditPlan,
  count: number,
  buildMs: number,
  valid: boolean,
  verifySamples: number[],
  floorSamples: number[],
): AuditResult {
  const verify = median(verifySamples);
  const floor = median(floorSamples);
  return {
    events: count,
    rounds: Math.min(plan.rounds, verifySamples.length),
    buildMs: round(buildMs),
    valid,
    verifyEventsPerSecond: Math.round(verify),
    floorEventsPerSecond: Math.round(floor),
    ratio: round(verify / floor, 3),
    verifySamples: verifySamples.map(Math.round),
    floorSamples: floorSamples.map(Math.round),
  };
}

function buildChain(count: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let head = EMPTY_CHAIN_HEAD;
  const start = Date.parse('2025-01-01T00:00:00.000Z');

  for (let index = 0; index < count; index += 1) {
    const draft = DRAFTS[index % DRAFTS.length] as Omit<AuditEventDraft, 'at'>;
    const at = new Date(start + index * 1000).toISOString();
    const event = sealAuditEvent(ORCHESTRATION_ID, head, { ...draft, at });
    events.push(event);
    head = { seq: event.seq, hash: event.hash };
  }
  return events;
}

/** The floor: the canonical form and its SHA-256 for every event, and nothing else. */
function hashOnly(events: readonly AuditEvent[]): void {
  let last = '';
  for (const { orchestrationId, seq, type, at, actor, data, prevHash } of events) {
    const canonical = canonicalize({ orchestrationId, seq, type, at, actor, data, prevHash });
    last = createHash('sha256').update(canonical).digest('hex');
  }
  if (last.length !== 64) throw new Error('SHA-256 produced no digest');
}

function eventsPerSecond(count: number, run: () => void): number {
  const start = performance.now();
  run();
  return (count / (performance.now() - start)) * 1000;
}
