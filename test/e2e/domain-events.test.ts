import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { awaitingApproval, JUSTIFICATION, waitForStatus } from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';

/** The `detail` schema of docs/events.md, as a validator. */
const DetailSchema = z.strictObject({
  schemaVersion: z.literal(1),
  orchestrationId: z.uuid(),
  orgId: z.string(),
  seq: z.int().min(1),
  auditHash: z.string().regex(/^[0-9a-f]{64}$/),
  type: z.string(),
  status: z.string(),
  at: z.iso.datetime(),
  actor: z.strictObject({ kind: z.enum(['user', 'system']), id: z.string() }),
  playbook: z
    .strictObject({
      id: z.string(),
      version: z.string(),
      risk: z.enum(['low', 'medium', 'high', 'critical']),
    })
    .optional(),
  approval: z
    .strictObject({
      requiredApprovals: z.int().min(1),
      recordedApprovals: z.int().min(0),
      eligibleApprovers: z.strictObject({
        role: z.literal('org-admin'),
        orgId: z.string(),
        excluding: z.array(z.string()),
      }),
      deadline: z.iso.datetime().optional(),
    })
    .optional(),
});

const EventSchema = z.strictObject({
  source: z.literal('incident-orchestrator'),
  detailType: z.string().min(1),
  detail: DetailSchema,
});

let fixture: StackFixture;

beforeAll(async () => {
  fixture = await startStackFixture();
});

afterAll(async () => {
  await fixture?.stop();
});

function publishedFor(id: string) {
  const lines = readFileSync(join(fixture.dataDir, 'events.jsonl'), 'utf8').trim().split('\n');
  return lines
    .map((line) => JSON.parse(line))
    .filter((event) => event.detail.orchestrationId === id);
}

describe('domain events', () => {
  it('publishes exactly one schema-valid event per transition of a lifecycle', async () => {
    const engineer = await fixture.token('engineer-1');
    const admin = await fixture.token('admin-1', 'org-a', ['org-admin']);
    const id = await awaitingApproval(fixture, engineer);
    await fixture.api(`/orchestrations/${id}/approve`, { token: admin, body: JUSTIFICATION });
    await fixture.api(`/orchestrations/${id}/execute`, { token: admin, body: {} });
    await waitForStatus(fixture, id, engineer, 'SUCCEEDED');

    const events = publishedFor(id);
    const audit = await fixture.api(`/orchestrations/${id}/audit`, { token: engineer });

    const auditEvents = audit.body.events as Array<{ seq: number; hash: string }>;
    expect(events.map((event) => event.detail.seq)).toEqual(auditEvents.map((event) => event.seq));
    expect(events.map((event) => event.detail.auditHash)).toEqual(
      auditEvents.map((event) => event.hash),
    );
    for (const event of events) expect(EventSchema.safeParse(event).success).toBe(true);
    expect(events.map((event) => event.detailType)).toEqual([
      'Orchestration Suggested',
      'Approval Requested',
      'Approval Recorded',
      'Execution Requested',
      'Execution Succeeded',
    ]);
  });

  it('says who may approve and until when when approval is requested', async () => {
    const engineer = await fixture.token('engineer-7');
    const id = await awaitingApproval(fixture, engineer);

    const requested = publishedFor(id).find((event) => event.detailType === 'Approval Requested');

    expect(requested?.detail.approval).toMatchObject({
      requiredApprovals: 1,
      recordedApprovals: 0,
      eligibleApprovers: { role: 'org-admin', orgId: 'org-a', excluding: ['engineer-7'] },
      deadline: expect.any(String),
    });
  });
});
