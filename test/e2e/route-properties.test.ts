import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../functions/core/api-routes';
import { awaitingApproval } from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';
import { snapshotTables, waitForParkedApprovalToken } from '../support/table-snapshot';

let fixture: StackFixture;
let adminToken: string;
let id: string;

beforeAll(async () => {
  fixture = await startStackFixture();
  const engineer = await fixture.token('engineer-1');
  adminToken = await fixture.token('admin-1', 'org-a', ['org-admin']);
  id = await awaitingApproval(fixture, engineer);
  await waitForParkedApprovalToken(fixture.stack.endpoints);
});

afterAll(async () => {
  await fixture?.stop();
});

// Bodies that are JSON but never valid for any route: every object carries an unknown key.
const invalidBody = fc.oneof(
  fc
    .jsonValue()
    .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)),
  fc.dictionary(fc.string(), fc.jsonValue()).map((value) => ({ ...value, 'unexpected field': 1 })),
  fc.string().map((text) => `{"incident": ${text}`),
);

const writeRoutes = API_ROUTES.filter((route) => route.method !== 'GET');

describe('every write route under random bodies', () => {
  it('answers 4xx problem+json, never 5xx, and changes no stored item', async () => {
    const before = await snapshotTables(fixture.stack.endpoints);

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writeRoutes), invalidBody, async (route, body) => {
        const path = route.path.replace('{id}', id);
        const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
        const answer = await fixture.api(path, {
          method: route.method,
          token: adminToken,
          rawBody,
        });

        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.headers.get('content-type')).toBe('application/problem+json');
      }),
      { numRuns: 150 },
    );

    expect(await snapshotTables(fixture.stack.endpoints)).toEqual(before);
  });

  it('treats a task-token-looking string in free text as data', async () => {
    const engineer = await fixture.token('engineer-2');
    const tokenLike = 'AQB4AAAAKgAAAAMAAAAAAAAAAd1ghp0'.repeat(8);

    const created = await fixture.api('/orchestrate', {
      token: engineer,
      body: { incident: { title: 'x', severity: 'low', service: 'svc', description: tokenLike } },
    });
    const view = await fixture.api(`/orchestrations/${created.body.orchestrationId}`, {
      token: engineer,
    });

    expect(created.status).toBe(201);
    expect((view.body.incident as { description: string }).description).toBe(tokenLike);
  });
});
