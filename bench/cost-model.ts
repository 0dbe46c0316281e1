import type { CountedMode } from './lifecycle-counts';
import { round } from './statistics';

/** us-east-1 list prices the cost model uses, in USD. */
export const US_EAST_1_PRICES = {
  restApiRequestsPerMillion: 3.5,
  lambdaRequestsPerMillion: 0.2,
  /** arm64 duration price. */
  lambdaGbSecond: 0.0000133334,
  standardTransitionsPerThousand: 0.025,
  writeRequestUnitsPerMillion: 0.625,
  readRequestUnitsPerMillion: 0.125,
} as const;

/** USD per 1,000 lifecycles, by service. */
export interface CostPerThousand {
  apiGateway: number;
  lambdaRequests: number;
  lambdaDuration: number;
  stepFunctions: number;
  dynamodbWrites: number;
  dynamodbReads: number;
  total: number;
}

/** One kind of Lambda invocation in a lifecycle and how it is billed. */
export interface BilledInvocation {
  handler: string;
  perLifecycle: number;
  /** Billed milliseconds per invocation (rounded up to whole milliseconds). */
  billedMs: number;
  memoryMb: number;
  /** Where the duration comes from. */
  durationSource: string;
}

/** The cost of one mode and every input it was computed from. */
export interface LifecycleCost {
  mode: CountedMode['mode'];
  perThousand: CostPerThousand;
  apiRequests: number;
  invocations: BilledInvocation[];
  stateTransitions: number;
  readUnits: number;
  writeUnits: number;
}

/** Durations measured elsewhere in the run that price invocations. */
export interface MeasuredDurations {
  authorizerMs?: number;
}

// API call kinds as lifecycle-counts.ts records them → the handler that serves them.
const API_HANDLERS: Record<string, string> = {
  orchestrate: 'Orchestrate',
  dryRun: 'DryRun',
  approve: 'Approve',
  execute: 'Execute',
  get: 'GetOrchestration',
};

/**
 * Prices one counted mode per 1,000 lifecycles. API handler time is the HTTP round trip at
 * concurrency 1 (an upper bound: it includes the local gateway); workflow handler time is
 * the task's span in the execution history; a callback task (ParkTaskToken) lasts until its
 * token is released, so it is billed at the slowest API handler's time as a stand-in.
 */
export function priceLifecycle(
  counts: CountedMode,
  memoryMb: Readonly<Record<string, number>>,
  durations: MeasuredDurations,
): LifecycleCost {
  const tally = counts.perLifecycle;
  const standIn = counts.mode === 'auto' ? 1 : 0;
  const invocations = billedInvocations(counts, memoryMb, durations, standIn);

  const prices = US_EAST_1_PRICES;
  const apiRequests = tally.apiRequests + standIn;
  const lambdaCount = invocations.reduce((sum, entry) => sum + entry.perLifecycle, 0);
  const gbSeconds = invocations.reduce(
    (sum, entry) => sum + entry.perLifecycle * (entry.memoryMb / 1024) * (entry.billedMs / 1000),
    0,
  );
  const perThousand = withTotal({
    apiGateway: (apiRequests * prices.restApiRequestsPerMillion) / 1000,
    lambdaRequests: (lambdaCount * prices.lambdaRequestsPerMillion) / 1000,
    lambdaDuration: gbSeconds * prices.lambdaGbSecond * 1000,
    stepFunctions: tally.stateTransitions * prices.standardTransitionsPerThousand,
    dynamodbWrites: (tally.writeUnits * prices.writeRequestUnitsPerMillion) / 1000,
    dynamodbReads: (tally.readUnits * prices.readRequestUnitsPerMillion) / 1000,
  });

  const { stateTransitions, readUnits, writeUnits } = tally;
  return {
    mode: counts.mode,
    perThousand,
    apiRequests,
    invocations,
    stateTransitions,
    readUnits,
    writeUnits,
  };
}

function billedInvocations(
  counts: CountedMode,
  memoryMb: Readonly<Record<string, number>>,
  durations: MeasuredDurations,
  standIn: number,
): BilledInvocation[] {
  const tally = counts.perLifecycle;
  const apiMedians = Object.keys(API_HANDLERS).map((kind) => counts.medianMs[kind] ?? 0);
  const slowestApiMs = Math.max(1, ...apiMedians);
  const entry = (handler: string, perLifecycle: number, ms: number, source: string) => ({
    handler,
    perLifecycle,
    billedMs: Math.max(1, Math.ceil(ms)),
    memoryMb: memoryMb[handler] ?? 128,
    durationSource: source,
  });

  const api = Object.entries(API_HANDLERS)
    .map(([kind, handler]) => {
      const perLifecycle = apiCallsOf(counts, kind) + (kind === 'dryRun' ? standIn : 0);
      const measured = counts.medianMs[kind];
      return measured === undefined
        ? entry(handler, perLifecycle, slowestApiMs, 'not called: slowest API handler as stand-in')
        : entry(handler, perLifecycle, measured, 'HTTP round trip at concurrency 1 (upper bound)');
    })
    .filter((invocation) => invocation.perLifecycle > 0);
  const authorizer = entry(
    'Authorizer',
    tally.authorizerInvocations,
    durations.authorizerMs ?? slowestApiMs,
    'authorizer benchmark, ES256',
  );
  const workflow = Object.entries(tally.workflowInvocations).map(([handler, perLifecycle]) => {
    const measured = counts.medianMs[handler];
    return measured === undefined
      ? entry(handler, perLifecycle, slowestApiMs, 'callback task: slowest API handler as stand-in')
      : entry(handler, perLifecycle, measured, 'task span in the execution history');
  });
  return [...api, authorizer, ...workflow];
}

function apiCallsOf(counts: CountedMode, kind: string): number {
  if (kind === 'get') return counts.perLifecycle.polls;
  if (counts.mode === 'auto') return kind === 'orchestrate' ? 1 : 0;
  return 1;
}

function withTotal(costs: Omit<CostPerThousand, 'total'>): CostPerThousand {
  const rounded = Object.fromEntries(
    Object.entries(costs).map(([name, value]) => [name, round(value, 5)]),
  ) as Omit<CostPerThousand, 'total'>;
  const total = Object.values(costs).reduce((sum, value) => sum + value, 0);
  return { ...rounded, total: round(total, 5) };
}
