import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeService, startFakeService } from '../support/fake-service';
import { CHECKOUT_INCIDENT } from '../support/lifecycle-steps';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';
import { type CapturedLogs, captureLogs } from './log-capture';

const TOKEN = 'recommender-token-5d2b-never-logged';
const FALLBACK = 'Recommender failed; suggesting from the catalog';
let recommender: FakeService;
let fixture: StackFixture;
let engineer: string;
let logs: CapturedLogs;

beforeAll(async () => {
  // Handlers read these once, when the stack loads them: one configuration for this file.
  Object.assign(process.env, {
    INTEGRATION_TIMEOUT_MS: '300',
    INTEGRATION_MAX_ATTEMPTS: '2',
    INTEGRATION_BREAKER_THRESHOLD: '5',
    RECOMMENDER_AUTH: `bearer:${TOKEN}`,
  });
  recommender = await startFakeService();
  fixture = await startStackFixture({ recommenderUrl: recommender.url, logLevel: 'WARN' });
  engineer = await fixture.token('engineer-1');
  logs = captureLogs();
});

afterAll(async () => {
  logs?.restore();
  await fixture?.stop();
  await recommender?.close();
});

beforeEach(async () => {
  // A success closes the recommender's circuit, so each test starts from a healthy client.
  recommender.reply = () => ({ status: 200, body: { recommendations: [proposal('scale-out')] } });
  await suggest();
  logs.clear();
});

function proposal(playbookId: string) {
  return { playbookId, confidence: 0.8, rationale: `the recommender likes ${playbookId}` };
}

async function suggest() {
  return fixture.api('/orchestrate', { token: engineer, body: { incident: CHECKOUT_INCIDENT } });
}

function fallbackReasons(): unknown[] {
  return logs
    .entries()
    .filter((entry) => entry.message === FALLBACK)
    .map((entry) => entry.reason);
}

describe('POST /orchestrate with a failing recommender', () => {
  it.each([
    ['answers 500', () => ({ status: 500, body: {} }), 'http-status'],
    ['times out', () => ({ status: 200, body: {}, delayMs: 2_000 }), 'timeout'],
    [
      'sends malformed JSON',
      () => ({ status: 200, raw: '{"recommendations": [' }),
      'malformed-response',
    ],
    [
      'answers outside its contract',
      () => ({
        status: 200,
        body: { recommendations: [{ playbookId: 'scale-out', confidence: 7 }] },
      }),
      'malformed-response',
    ],
  ])(
    'suggests from the catalog and logs why when the recommender %s',
    async (_case, reply, reason) => {
      recommender.reply = reply;

      const answer = await suggest();

      expect(answer.status).toBe(201);
      expect(answer.body.source).toBe('catalog');
      expect(answer.body.recommendations).toEqual(
        expect.arrayContaining([expect.objectContaining({ playbookId: 'rollback-deployment' })]),
      );
      expect(fallbackReasons()).toEqual([reason]);
      expect(logs.text()).not.toContain(TOKEN);
    },
  );

  it('keeps the recommender ranking, dropping and logging ids no source knows', async () => {
    recommender.reply = () => ({
      status: 200,
      body: { recommendations: [proposal('launch-rockets'), proposal('scale-out')] },
    });

    const answer = await suggest();

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      source: 'recommender',
      recommendations: [{ ...proposal('scale-out'), name: 'Scale out', risk: 'low' }],
    });
    const dropped = logs.entries().filter((entry) => entry.playbookId === 'launch-rockets');
    expect(dropped).toMatchObject([
      { message: 'Recommender proposed an unknown playbook; dropped' },
    ]);
  });

  it('falls back when every proposed playbook is unknown', async () => {
    recommender.reply = () => ({
      status: 200,
      body: { recommendations: [proposal('launch-rockets')] },
    });

    const answer = await suggest();

    expect(answer.body.source).toBe('catalog');
    expect(fallbackReasons()).toEqual(['no-known-playbook']);
  });

  it('sends the incident with the configured credential', async () => {
    const call = recommender.calls.at(-1);

    expect(call).toMatchObject({
      method: 'POST',
      path: '/recommendations',
      body: { incident: CHECKOUT_INCIDENT },
    });
    expect(call?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('stops calling a recommender whose circuit opened and says so', async () => {
    recommender.reply = () => ({ status: 503, body: {} });
    await suggest();
    await suggest();
    await suggest();
    const callsWhenOpen = recommender.calls.length;

    const answer = await suggest();

    expect(answer.body.source).toBe('catalog');
    expect(recommender.calls.length).toBe(callsWhenOpen);
    expect(fallbackReasons().at(-1)).toBe('circuit-open');
  });
});
