import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKOUT_INCIDENT } from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';

const ORGS = ['org-a', 'org-b', 'org-c'];
const TOTAL = 1_000;

let fixture: StackFixture;
const created = new Map<string, Set<string>>(ORGS.map((org) => [org, new Set<string>()]));

beforeAll(async () => {
  fixture = await startStackFixture();
  const tokens = await Promise.all(ORGS.map((org) => fixture.token(`engineer-${org}`, org)));

  // Bounded concurrency keeps 1,000 creations fast without flooding one process.
  let next = 0;
  const worker = async () => {
    while (next < TOTAL) {
      const index = next++;
      const org = ORGS[index % ORGS.length] ?? 'org-a';
      const token = tokens[index % ORGS.length] ?? '';
      const answer = await fixture.api('/orchestrate', {
        token,
        body: { incident: CHECKOUT_INCIDENT },
      });
      created.get(org)?.add(String(answer.body.orchestrationId));
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}, 240_000);

afterAll(async () => {
  await fixture?.stop();
});

async function pageThrough(
  token: string,
): Promise<Array<{ orchestrationId: string; orgId: string; createdAt: string }>> {
  const items: Array<{ orchestrationId: string; orgId: string; createdAt: string }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const answer = await fixture.api(`/orchestrations?limit=100${query}`, { token });
    expect(answer.status).toBe(200);
    items.push(...(answer.body.items as typeof items));
    cursor = answer.body.nextCursor as string | null;
    if (!cursor) break;
  }
  return items;
}

describe('the approver queue', () => {
  it("lists each of the caller's orchestrations exactly once and no other organisation's", async () => {
    for (const org of ORGS) {
      const token = await fixture.token(`reader-${org}`, org);

      const items = await pageThrough(token);

      const ids = items.map((item) => item.orchestrationId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(created.get(org));
      expect(items.every((item) => item.orgId === org)).toBe(true);
      const times = items.map((item) => item.createdAt);
      expect(times).toEqual([...times].sort().reverse());
    }
  });

  it('refuses a cursor issued to another organisation', async () => {
    const tokenA = await fixture.token('reader-a', 'org-a');
    const tokenB = await fixture.token('reader-b', 'org-b');
    const first = await fixture.api('/orchestrations?limit=10', { token: tokenA });

    const stolen = await fixture.api(
      `/orchestrations?limit=10&cursor=${encodeURIComponent(String(first.body.nextCursor))}`,
      { token: tokenB },
    );

    expect(stolen.status).toBe(422);
  });

  it('filters the queue by status', async () => {
    const token = await fixture.token('reader-c', 'org-c');

    const answer = await fixture.api('/orchestrations?status=SUGGESTED&limit=5', { token });

    expect((answer.body.items as Array<{ status: string }>).map((item) => item.status)).toEqual(
      Array(5).fill('SUGGESTED'),
    );
  });
});
