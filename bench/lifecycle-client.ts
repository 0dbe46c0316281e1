import { elapsedMs } from './statistics';

/** One answer of the API, with how long it took. */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

/** The stages of a manual lifecycle, in order. */
export const MANUAL_STAGES = ['orchestrate', 'dryRun', 'approve', 'execute', 'complete'] as const;

/** A stage of a manual lifecycle; `complete` is execute's answer until SUCCEEDED is seen. */
export type Stage = (typeof MANUAL_STAGES)[number];

/** How one lifecycle went. */
export interface LifecycleRun {
  orchestrationId: string;
  ok: boolean;
  stageMs: Partial<Record<Stage, number>>;
  totalMs: number;
  polls: number;
  /** Latency of each GET while polling. */
  pollMs: number[];
  error?: string;
}

/** Bearer tokens of a requester (member) and of an org-admin who approves and executes. */
export interface LifecycleTokens {
  requester: string;
  approver: string;
}

/** How often and how long to poll for the outcome. */
export interface PollPolicy {
  intervalMs: number;
  timeoutMs: number;
}

/** An incident whose top suggestion passes its dry-run on default parameters. */
export const BENCH_INCIDENT = {
  title: 'Checkout errors after deploy',
  severity: 'high',
  service: 'checkout',
  signals: [{ name: 'deploy_age_minutes', value: 12 }],
};

const JUSTIFICATION = 'Rollback is the fastest safe fix for this incident';
// API Gateway gives up on an integration after 29 s; so does the benchmark's client.
const REQUEST_TIMEOUT_MS = 29_000;

/** Calls the local API; only loopback addresses are ever used. */
export async function callApi(
  base: string,
  path: string,
  token: string,
  body?: unknown,
  method: 'GET' | 'POST' | 'PUT' = body === undefined ? 'GET' : 'POST',
): Promise<ApiAnswer> {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, body: parseObject(text), ms: elapsedMs(started) };
}

/** Creates an orchestration and returns its id; throws naming the answer otherwise. */
export async function orchestrate(
  base: string,
  token: string,
): Promise<ApiAnswer & { id: string }> {
  const answer = await callApi(base, '/orchestrate', token, { incident: BENCH_INCIDENT });
  expectStatus('orchestrate', answer, 201);
  return { ...answer, id: String(answer.body.orchestrationId) };
}

/**
 * Runs orchestrate → dry-run → approve (by another caller, an org-admin) → execute → poll
 * GET until SUCCEEDED, timing each stage. Never throws: a failure is reported in the run.
 */
export async function runManualLifecycle(
  base: string,
  tokens: LifecycleTokens,
  poll: PollPolicy,
): Promise<LifecycleRun> {
  const run: LifecycleRun = {
    orchestrationId: '',
    ok: false,
    stageMs: {},
    totalMs: 0,
    polls: 0,
    pollMs: [],
  };
  const started = performance.now();
  try {
    const created = await orchestrate(base, tokens.requester);
    run.orchestrationId = created.id;
    run.stageMs.orchestrate = created.ms;
    await manualStages(base, tokens, run);

    const executed = performance.now();
    run.polls = await pollUntil(base, tokens.requester, created.id, 'SUCCEEDED', {
      ...poll,
      onAnswer: (answer) => run.pollMs.push(answer.ms),
    });
    run.stageMs.complete = elapsedMs(executed);
    run.ok = true;
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error);
  }

  run.totalMs = elapsedMs(started);
  return run;
}

async function manualStages(base: string, tokens: LifecycleTokens, run: LifecycleRun) {
  const path = `/orchestrations/${run.orchestrationId}`;

  const dryRun = await callApi(base, `${path}/dry-run`, tokens.requester, {});
  expectStatus('dry-run', dryRun, 200, 'AWAITING_APPROVAL');
  run.stageMs.dryRun = dryRun.ms;

  const approve = await callApi(base, `${path}/approve`, tokens.approver, {
    justification: JUSTIFICATION,
  });
  expectStatus('approve', approve, 200, 'APPROVED');
  run.stageMs.approve = approve.ms;

  const execute = await callApi(base, `${path}/execute`, tokens.approver, {});
  expectStatus('execute', execute, 202, 'EXECUTING');
  run.stageMs.execute = execute.ms;
}

/**
 * Polls GET until the status is reached; returns the number of GETs and tells `onAnswer`
 * about each. Bounded by time.
 */
export async function pollUntil(
  base: string,
  token: string,
  id: string,
  status: string,
  poll: PollPolicy & { onAnswer?: (answer: ApiAnswer) => void },
): Promise<number> {
  const deadline = Date.now() + poll.timeoutMs;
  for (let polls = 1; ; polls += 1) {
    const view = await callApi(base, `/orchestrations/${id}`, token);
    expectStatus('get', view, 200);
    poll.onAnswer?.(view);
    if (view.body.status === status) return polls;
    if (Date.now() > deadline) {
      throw new Error(`still ${String(view.body.status)} after ${poll.timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, poll.intervalMs));
  }
}

function expectStatus(step: string, answer: ApiAnswer, status: number, state?: string): void {
  if (answer.status === status && (state === undefined || answer.body.status === state)) return;

  const detail = answer.body.detail ?? answer.body.status ?? answer.body.title ?? '';
  throw new Error(`${step} answered ${answer.status} ${String(detail)}`.slice(0, 300));
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
