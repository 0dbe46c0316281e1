import type { SFNClient } from '@aws-sdk/client-sfn';
import { PLAYBOOK_CATALOG } from '../functions/core/playbook-catalog';
import type { DevKeys } from '../local/dev-keys';
import type { FloorRequest } from './dynamodb-floor';
import type { HostCounters } from './host-protocol';
import {
  type ApiAnswer,
  callApi,
  orchestrate,
  type PollPolicy,
  pollUntil,
  runManualLifecycle,
} from './lifecycle-client';
import { requestUnitsOf } from './request-units';
import type { StackHost } from './stack-host-client';
import { median, round } from './statistics';
import { totalOf, trafficBetween } from './traffic-recorder';
import {
  executionArnOf,
  type WorkflowInvocation,
  waitForClose,
  workflowInvocations,
} from './workflow-history';

/** What one lifecycle cost, counted in the stack's process and the execution history. */
export interface LifecycleTally {
  apiRequests: number;
  polls: number;
  authorizerInvocations: number;
  workflowInvocations: Record<string, number>;
  lambdaInvocations: number;
  stateTransitions: number;
  dynamodbRequests: number;
  dynamodbByOperation: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  indexWriteUnits: number;
  conditionFailures: number;
  stepFunctionsRequests: Record<string, number>;
}

/** Means over the counted lifecycles of one mode, and the latencies that price Lambda time. */
export interface CountedMode {
  mode: 'manual' | 'auto';
  counted: number;
  failures: string[];
  perLifecycle: LifecycleTally;
  /** Median milliseconds per API call kind and per workflow handler (non-callback tasks). */
  medianMs: Record<string, number>;
  /** How the lifecycle was driven where it differs from a client's path. */
  note?: string;
}

/** Everything the counting needs from the benchmark. */
export interface CountingContext {
  host: StackHost;
  sfn: SFNClient;
  keys: DevKeys;
  handlerOfLogicalId: ReadonlyMap<string, string>;
  poll: PollPolicy;
}

/** The DynamoDB requests of one counted manual lifecycle, replayed by the floor. */
export interface FloorTemplate {
  requests: FloorRequest[];
  orchestrationId: string;
}

// Only the handlers' own calls; the benchmark's DescribeExecution and history reads are not.
const HANDLER_SFN_OPERATIONS = [
  'StartExecution',
  'SendTaskSuccess',
  'SendTaskFailure',
  'StopExecution',
];
const ORG = 'org-bench';
const AUTO_ORG = 'org-bench-auto';

/** Runs `count` manual lifecycles one at a time, counting each; returns the floor template too. */
export async function countManualLifecycles(
  context: CountingContext,
  count: number,
): Promise<{ counts: CountedMode; template: FloorTemplate }> {
  const tallies: LifecycleTally[] = [];
  const failures: string[] = [];
  const latencies = new Map<string, number[]>();
  let template: FloorTemplate = { requests: [], orchestrationId: '' };

  for (let index = 0; index < count; index += 1) {
    const tokens = await freshTokens(context.keys, `count-${index}`);
    const counted = await countOne(context, async () => {
      const run = await runManualLifecycle(context.host.endpoints.api, tokens, context.poll);
      if (!run.ok) throw new Error(run.error);
      for (const [stage, ms] of Object.entries(run.stageMs)) remember(latencies, stage, ms);
      for (const ms of run.pollMs) remember(latencies, 'get', ms);
      return { orchestrationId: run.orchestrationId, polls: run.polls };
    });
    if ('error' in counted) {
      failures.push(counted.error);
      continue;
    }
    tallies.push(counted.tally);
    if (template.requests.length === 0) template = counted.template;
    for (const invocation of counted.invocations) rememberTask(latencies, invocation);
  }

  const counts = summarise('manual', tallies, failures, latencies);
  return { counts, template };
}

/**
 * Runs `count` auto-mode lifecycles entirely through the API: an organisation whose policy is
 * in auto mode orchestrates and dry-runs a pre-approved low-risk playbook, then polls until
 * SUCCEEDED with no human step.
 */
export async function countAutoLifecycles(
  context: CountingContext,
  count: number,
): Promise<CountedMode> {
  const playbookId = await enableAutoMode(context);
  const tallies: LifecycleTally[] = [];
  const failures: string[] = [];
  const latencies = new Map<string, number[]>();

  for (let index = 0; index < count; index += 1) {
    const tokens = await freshTokens(context.keys, `auto-${index}`, AUTO_ORG);
    const counted = await countOne(context, async () => {
      const base = context.host.endpoints.api;
      const created = await orchestrate(base, tokens.requester);
      remember(latencies, 'orchestrate', created.ms);
      const path = `/orchestrations/${created.id}/dry-run`;
      const dryRun = await callApi(base, path, tokens.requester, { playbookId });
      remember(latencies, 'dryRun', dryRun.ms);
      const polls = await pollUntil(base, tokens.requester, created.id, 'SUCCEEDED', {
        ...context.poll,
        onAnswer: (answer: ApiAnswer) => remember(latencies, 'get', answer.ms),
      });
      return { orchestrationId: created.id, polls };
    });
    if ('error' in counted) failures.push(counted.error);
    else {
      tallies.push(counted.tally);
      for (const invocation of counted.invocations) rememberTask(latencies, invocation);
    }
  }

  const note = `Driven through the API in an organisation whose policy is in auto mode (${playbookId}).`;
  return { ...summarise('auto', tallies, failures, latencies), note };
}

type Driven = { orchestrationId: string; polls: number };
type CountedOne =
  | { tally: LifecycleTally; template: FloorTemplate; invocations: WorkflowInvocation[] }
  | { error: string };

async function countOne(
  context: CountingContext,
  drive: () => Promise<Driven>,
): Promise<CountedOne> {
  await context.host.call('capture', true);
  await context.host.call('exchanges', null);
  const before = await context.host.call('counters', null);
  try {
    const driven = await drive();
    const executionArn = executionArnOf(
      context.host.endpoints.stateMachineArn,
      driven.orchestrationId,
    );
    const status = await waitForClose(context.sfn, executionArn);
    if (status !== 'SUCCEEDED') throw new Error(`execution ended ${status}`);

    const after = await context.host.call('counters', null);
    const exchanges = await context.host.call('exchanges', null);
    const invocations = await workflowInvocations(
      context.sfn,
      executionArn,
      context.handlerOfLogicalId,
    );
    const tally = tallyOf(before, after, driven, exchanges, invocations);
    const requests = exchanges.map((exchange) => ({
      operation: exchange.operation,
      body: exchange.requestBody,
    }));
    return { tally, invocations, template: { requests, orchestrationId: driven.orchestrationId } };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    await context.host.call('capture', false);
  }
}

function tallyOf(
  before: HostCounters,
  after: HostCounters,
  driven: Driven,
  exchanges: Parameters<typeof requestUnitsOf>[0],
  invocations: readonly WorkflowInvocation[],
): LifecycleTally {
  const traffic = trafficBetween(before.traffic, after.traffic);
  const byHandler: Record<string, number> = {};
  for (const invocation of invocations) {
    byHandler[invocation.handler] = (byHandler[invocation.handler] ?? 0) + 1;
  }
  const stepFunctionsRequests = Object.fromEntries(
    Object.entries(traffic.stepFunctions).filter(([name]) => HANDLER_SFN_OPERATIONS.includes(name)),
  );

  return {
    apiRequests: traffic.api.handled,
    polls: driven.polls,
    authorizerInvocations: traffic.tokenVerifications,
    workflowInvocations: byHandler,
    lambdaInvocations: traffic.api.handled + traffic.tokenVerifications + invocations.length,
    stateTransitions: after.stateTransitions - before.stateTransitions,
    dynamodbRequests: totalOf(traffic.dynamodb),
    dynamodbByOperation: traffic.dynamodb,
    ...requestUnitsOf(exchanges),
    stepFunctionsRequests,
  };
}

function summarise(
  mode: CountedMode['mode'],
  tallies: readonly LifecycleTally[],
  failures: string[],
  latencies: ReadonlyMap<string, number[]>,
): CountedMode {
  const medianMs = Object.fromEntries(
    [...latencies].map(([kind, values]) => [kind, round(median(values))]),
  );
  return { mode, counted: tallies.length, failures, perLifecycle: meanTally(tallies), medianMs };
}

function meanTally(tallies: readonly LifecycleTally[]): LifecycleTally {
  const count = Math.max(1, tallies.length);
  const mean = (pick: (tally: LifecycleTally) => number) =>
    round(tallies.reduce((sum, tally) => sum + pick(tally), 0) / count, 2);
  const meanTable = (pick: (tally: LifecycleTally) => Record<string, number>) => {
    const keys = new Set(tallies.flatMap((tally) => Object.keys(pick(tally))));
    return Object.fromEntries([...keys].sort().map((key) => [key, mean((t) => pick(t)[key] ?? 0)]));
  };

  return {
    apiRequests: mean((t) => t.apiRequests),
    polls: mean((t) => t.polls),
    authorizerInvocations: mean((t) => t.authorizerInvocations),
    workflowInvocations: meanTable((t) => t.workflowInvocations),
    lambdaInvocations: mean((t) => t.lambdaInvocations),
    stateTransitions: mean((t) => t.stateTransitions),
    dynamodbRequests: mean((t) => t.dynamodbRequests),
    dynamodbByOperation: meanTable((t) => t.dynamodbByOperation),
    readUnits: mean((t) => t.readUnits),
    writeUnits: mean((t) => t.writeUnits),
    indexWriteUnits: mean((t) => t.indexWriteUnits),
    conditionFailures: mean((t) => t.conditionFailures),
    stepFunctionsRequests: meanTable((t) => t.stepFunctionsRequests),
  };
}

/** Fresh tokens, so each counted lifecycle pays its own authorizer invocations (no cache hit). */
async function freshTokens(keys: DevKeys, label: string, org = ORG) {
  return {
    requester: await keys.signToken({ sub: `requester-${label}`, org, roles: [] }),
    approver: await keys.signToken({ sub: `approver-${label}`, org, roles: ['org-admin'] }),
  };
}

/** Puts the auto organisation in auto mode (not counted); returns an auto-eligible playbook. */
async function enableAutoMode(context: CountingContext): Promise<string> {
  const playbook = PLAYBOOK_CATALOG.find((entry) => entry.preApproved && entry.risk === 'low');
  if (!playbook) throw new Error('The catalog has no pre-approved low-risk playbook');

  const base = context.host.endpoints.api;
  const admin = await context.keys.signToken({
    sub: 'policy-admin',
    org: AUTO_ORG,
    roles: ['org-admin'],
  });
  const current = await callApi(base, '/policies', admin);
  const policy = { ...(current.body.policy as object), mode: 'auto' };
  const body = { expectedVersion: current.body.version, policy };
  const put = await callApi(base, '/policies', admin, body, 'PUT');
  if (put.status !== 200) throw new Error(`PUT /policies answered ${put.status}`);
  return playbook.id;
}

function remember(latencies: Map<string, number[]>, kind: string, ms: number): void {
  latencies.set(kind, [...(latencies.get(kind) ?? []), ms]);
}

function rememberTask(latencies: Map<string, number[]>, invocation: WorkflowInvocation): void {
  if (!invocation.callback && invocation.taskMs !== undefined) {
    remember(latencies, invocation.handler, invocation.taskMs);
  }
}
