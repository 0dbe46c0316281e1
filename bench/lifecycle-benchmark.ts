import type { DevKeys } from '../local/dev-keys';
import type { FloorResult } from './dynamodb-floor';
import {
  type LifecycleRun,
  type LifecycleTokens,
  MANUAL_STAGES,
  type PollPolicy,
  runManualLifecycle,
} from './lifecycle-client';
import type { FloorTemplate } from './lifecycle-counts';
import type { StackHost } from './stack-host-client';
import { type Distribution, distribution, round } from './statistics';
import { totalOf, trafficBetween } from './traffic-recorder';

/** One concurrency level: how many lifecycles at once, how many in all, and a time cap. */
export interface LevelPlan {
  concurrency: number;
  lifecycles: number;
  deadlineMs: number;
}

/** What one level measured through the stack, and the floor at the same concurrency. */
export interface LevelResult {
  concurrency: number;
  planned: number;
  completed: number;
  failed: number;
  failures: string[];
  wallMs: number;
  lifecyclesPerSecond: number;
  stages: Record<string, Distribution>;
  total: Distribution;
  pollsPerLifecycle: number;
  dynamodbRequestsPerLifecycle: number;
  floor?: FloorResult;
  floorError?: string;
  /** Floor throughput over measured throughput: how many times slower the stack is. */
  throughputOverhead?: number;
  /** Median lifecycle over median floor sequence. */
  latencyOverhead?: number;
}

/** The concurrency levels measured, each bounded in count and time. */
export const DEFAULT_LEVELS: readonly LevelPlan[] = [
  { concurrency: 1, lifecycles: 20, deadlineMs: 20_000 },
  { concurrency: 8, lifecycles: 40, deadlineMs: 25_000 },
  { concurrency: 32, lifecycles: 128, deadlineMs: 35_000 },
  { concurrency: 128, lifecycles: 256, deadlineMs: 45_000 },
];

const MAX_FAILURES_KEPT = 5;

/** Runs each level, then its floor, sequentially against the same stack. */
export async function runLevels(
  host: StackHost,
  keys: DevKeys,
  template: FloorTemplate,
  levels: readonly LevelPlan[],
  poll: PollPolicy,
): Promise<LevelResult[]> {
  const results: LevelResult[] = [];
  for (const level of levels) {
    const tokens = await workerTokens(keys, level.concurrency);
    const before = await host.call('counters', null);
    const measured = await runLevel(host.endpoints.api, tokens, level, poll);
    const after = await host.call('counters', null);

    const perLifecycle = totalOf(trafficBetween(before.traffic, after.traffic).dynamodb);
    const result = summariseLevel(level, measured, perLifecycle);
    results.push(await withFloor(host, template, level, result));
  }
  return results;
}

interface LevelRuns {
  runs: LifecycleRun[];
  wallMs: number;
}

async function runLevel(
  api: string,
  tokens: readonly LifecycleTokens[],
  level: LevelPlan,
  poll: PollPolicy,
): Promise<LevelRuns> {
  const runs: LifecycleRun[] = [];
  const deadline = Date.now() + level.deadlineMs;
  let started = 0;
  const worker = async (workerTokens: LifecycleTokens) => {
    while (started < level.lifecycles && Date.now() < deadline) {
      started += 1;
      runs.push(await runManualLifecycle(api, workerTokens, poll));
    }
  };

  const begin = performance.now();
  await Promise.all(tokens.map(worker));
  return { runs, wallMs: performance.now() - begin };
}

function summariseLevel(level: LevelPlan, measured: LevelRuns, dynamodbRequests: number) {
  const ok = measured.runs.filter((run) => run.ok);
  const failed = measured.runs.filter((run) => !run.ok);
  const stages = Object.fromEntries(
    MANUAL_STAGES.map((stage) => [stage, distribution(ok.map((run) => run.stageMs[stage] ?? 0))]),
  );
  const polls = ok.reduce((sum, run) => sum + run.polls, 0);

  return {
    concurrency: level.concurrency,
    planned: level.lifecycles,
    completed: ok.length,
    failed: failed.length,
    failures: failed.slice(0, MAX_FAILURES_KEPT).map((run) => run.error ?? 'unknown'),
    wallMs: round(measured.wallMs),
    lifecyclesPerSecond: round((ok.length / measured.wallMs) * 1000),
    stages,
    total: distribution(ok.map((run) => run.totalMs)),
    pollsPerLifecycle: round(polls / Math.max(1, ok.length)),
    dynamodbRequestsPerLifecycle: Math.round(dynamodbRequests / Math.max(1, measured.runs.length)),
  };
}

async function withFloor(
  host: StackHost,
  template: FloorTemplate,
  level: LevelPlan,
  result: LevelResult,
): Promise<LevelResult> {
  try {
    const floor = await host.call('floor', {
      concurrency: level.concurrency,
      sequences: Math.max(1, result.completed),
      requestsPerSequence: Math.max(1, result.dynamodbRequestsPerLifecycle),
      template: template.requests,
      templateId: template.orchestrationId,
      deadlineMs: level.deadlineMs,
    });
    const throughputOverhead = round(floor.sequencesPerSecond / result.lifecyclesPerSecond);
    const latencyOverhead = round(result.total.p50 / floor.sequenceMs.p50);
    return { ...result, floor, throughputOverhead, latencyOverhead };
  } catch (error) {
    return { ...result, floorError: error instanceof Error ? error.message : String(error) };
  }
}

/** One requester and one approver per worker; tokens are reused, as clients reuse theirs. */
async function workerTokens(keys: DevKeys, count: number): Promise<LifecycleTokens[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => ({
      requester: await keys.signToken({ sub: `requester-${index}`, org: 'org-bench', roles: [] }),
      approver: await keys.signToken({
        sub: `approver-${index}`,
        org: 'org-bench',
        roles: ['org-admin'],
      }),
    })),
  );
}
