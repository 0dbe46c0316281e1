import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitingApproval, JUSTIFICATION, suggestOrchestration } from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';
import { snapshotTables, waitForParkedApprovalToken } from '../support/table-snapshot';

let fixture: StackFixture;
let engineer: string;
let adminToken: string;
let id: string;

beforeAll(async () => {
  fixture = await startStackFixture();
  engineer = await fixture.token('engineer-1');
  adminToken = await fixture.token('admin-1', 'org-a', ['org-admin']);
  id = await awaitingApproval(fixture, engineer);
  // The workflow parks its task token asynchronously; bad input must not change it either.
  await waitForParkedApprovalToken(fixture.stack.endpoints);
});

afterAll(async () => {
  await fixture?.stop();
});

function expectProblem(
  answer: { status: number; headers: Headers; body: Record<string, unknown> },
  status: number,
) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  expect(answer.body).toMatchObject({
    status,
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(String(answer.body.type)).toMatch(/^urn:incident-orchestrator:problem:/);
}

describe('bad input over HTTP', () => {
  it('answers each bad request with problem+json and changes no stored item', async () => {
    const before = await snapshotTables(fixture.stack.endpoints);
    const approve = `/orchestrations/${id}/approve`;

    expectProblem(
      await fixture.api('/orchestrate', { token: engineer, rawBody: '{"incident":' }),
      400,
    );
    expectProblem(
      await fixture.api('/orchestrate', {
        token: engineer,
        body: { incident: { severity: 'dire' } },
      }),
      422,
    );
    expectProblem(
      await fixture.api('/orchestrate', { token: engineer, rawBody: 'x'.repeat(70_000) }),
      413,
    );
    expectProblem(
      await fixture.api('/orchestrate', {
        token: engineer,
        rawBody: '{}',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
    );
    expectProblem(await fixture.api('/nowhere', { token: engineer }), 404);
    expectProblem(await fixture.api('/orchestrate', { method: 'GET', token: engineer }), 405);
    expectProblem(
      await fixture.api(approve, { token: adminToken, body: { justification: 'ok' } }),
      422,
    );
    expectProblem(
      await fixture.api(approve, { token: adminToken, body: { ...JUSTIFICATION, extra: 1 } }),
      422,
    );
    expectProblem(
      await fixture.api(approve, { token: adminToken, rawBody: '{"__proto__":{"admin":true}}' }),
      422,
    );
    expectProblem(
      await fixture.api(`/orchestrations/${id}/dry-run`, {
        token: engineer,
        rawBody: '{"parameters":{"n":1e309}}',
      }),
      422,
    );

    expect(await snapshotTables(fixture.stack.endpoints)).toEqual(before);
  });

  it('names the failing fields of a schema violation', async () => {
    const answer = await fixture.api('/orchestrate', {
      token: engineer,
      body: { incident: { title: '', severity: 'dire', service: 'checkout' } },
    });

    expect(answer.status).toBe(422);
    const fields = (answer.body.errors as Array<{ field: string }>).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['incident.title', 'incident.severity']));
    expect(answer.body.detail).toContain('incident.severity');
  });

  it('answers 404 for ids that cannot name an orchestration', async () => {
    for (const bad of ['%2F', '%23', '%C3%A9t%C3%A9', 'x'.repeat(2048), 'not-a-uuid']) {
      expectProblem(await fixture.api(`/orchestrations/${bad}`, { token: engineer }), 404);
    }
  });
});

describe('tokens and roles over HTTP', () => {
  it('answers 401 without a token, with a malformed one and with another scheme', async () => {
    expectProblem(await fixture.api(`/orchestrations/${id}`), 401);
    expectProblem(await fixture.api(`/orchestrations/${id}`, { token: 'not.a.jwt' }), 401);
    const basic = await fixture.api(`/orchestrations/${id}`, {
      headers: { authorization: `Basic ${engineer}` },
    });
    expectProblem(basic, 401);
  });

  it('answers 403 to a member on approve, reject and execute, even with a cached read', async () => {
    expect((await fixture.api(`/orchestrations/${id}`, { token: engineer })).status).toBe(200);

    for (const action of ['approve', 'reject', 'execute']) {
      const answer = await fixture.api(`/orchestrations/${id}/${action}`, {
        token: engineer,
        body: JUSTIFICATION,
      });
      expectProblem(answer, 403);
    }
  });

  it('treats roles given as a string as no role at all', async () => {
    const stringRoles = await fixture.stack.devKeys.signToken({
      sub: 'admin-2',
      org: 'org-a',
      roles: 'org-admin' as unknown as string[],
    });

    const answer = await fixture.api(`/orchestrations/${id}/approve`, {
      token: stringRoles,
      body: JUSTIFICATION,
    });

    expectProblem(answer, 403);
  });

  it('keeps GET /health public and says how each dependency is served', async () => {
    const answer = await fixture.api('/health');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'ok',
      dependencies: { registry: 'simulated', runtime: 'simulated', recommender: 'catalog' },
    });
  });

  it('serves the organisation counters in Prometheus text format', async () => {
    await suggestOrchestration(fixture, engineer);

    const answer = await fixture.api('/metrics', { token: engineer });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    expect(answer.text).toContain('# TYPE incident_orchestrator_audit_events_total counter');
    expect(answer.text).toMatch(
      /incident_orchestrator_audit_events_total\{type="ORCHESTRATION_SUGGESTED"\} \d+/,
    );
  });
});

describe('Idempotency-Key on POST /orchestrate', () => {
  it('creates one orchestration when the same key arrives twice at once', async () => {
    const caller = await fixture.token('engineer-idem', 'org-idem');
    const headers = { 'idempotency-key': 'incident-4711' };
    const body = { incident: { title: 'Queue backlog', severity: 'medium', service: 'billing' } };

    const answers = await Promise.all(
      [1, 2].map(() => fixture.api('/orchestrate', { token: caller, body, headers })),
    );
    const replay = await fixture.api('/orchestrate', { token: caller, body, headers });

    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(answers.every((answer) => [201, 409].includes(answer.status))).toBe(true);
    expect(new Set(created.map((answer) => answer.body.orchestrationId)).size).toBe(1);
    expect(replay.body.orchestrationId).toBe(created[0]?.body.orchestrationId);
    const listed = await fixture.api('/orchestrations', { token: caller });
    expect(listed.body.items).toHaveLength(1);
  });

  it('never replays one tenant’s answer to another using the same key', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const body = { incident: { title: 'Disk full', severity: 'low', service: 'logs' } };
    const tenantA = await fixture.token('engineer-x', 'org-x');
    const tenantB = await fixture.token('engineer-y', 'org-y');

    const first = await fixture.api('/orchestrate', { token: tenantA, body, headers });
    const second = await fixture.api('/orchestrate', { token: tenantB, body, headers });

    expect(second.status).toBe(201);
    expect(second.body.orchestrationId).not.toBe(first.body.orchestrationId);
  });
});
