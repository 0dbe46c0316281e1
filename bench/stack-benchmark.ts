import { loadOrCreateDevKeys } from '../local/dev-keys';
import type { LifecycleResults, RequestResults } from './bench-results';
import { priceLifecycle } from './cost-model';
import { readFunctionSettings } from './function-settings';
import { DEFAULT_LEVELS, runLevels } from './lifecycle-benchmark';
import { type PollPolicy, runManualLifecycle } from './lifecycle-client';
import {
  type CountedMode,
  type CountingContext,
  countAutoLifecycles,
  countManualLifecycles,
} from './lifecycle-counts';
import { StackHost } from './stack-host-client';
import { emulatorClient, executionArnOf, waitForClose } from './workflow-history';

/** The lifecycle and request-count sections, measured against one offline stack. */
export interface StackMeasurements {
  lifecycle: LifecycleResults;
  requests: RequestResults;
}

const POLL: PollPolicy = { intervalMs: 25, timeoutMs: 30_000 };
const WARM_UP_LIFECYCLES = 3;
const COUNTED_LIFECYCLES = 5;

/** How DynamoDB units are counted; printed with the results. */
export const UNIT_MODEL =
  'Every DynamoDB request is observed at dynalite with its body and answer. Units follow ' +
  "on-demand billing with dynalite's own item sizes (the arithmetic of its " +
  'ReturnConsumedCapacity): a strongly consistent read is 1 RRU per 4 KB read, at least 1; ' +
  'a write is 1 WRU per 1 KB of the larger of the old and new item, failed conditional ' +
  'writes included; a put of an item with orgPk/orgSk also writes the byOrg index ' +
  '(projection ALL) for the same units.';

/**
 * Starts the offline stack in its own process, warms it up, counts manual and auto
 * lifecycles one at a time, prices them, then runs the concurrency levels with their floors.
 */
export async function measureStack(authorizerMs: number | undefined): Promise<StackMeasurements> {
  const settings = readFunctionSettings();
  const host = await StackHost.start();
  const sfn = emulatorClient(host.endpoints.stepFunctions, host.endpoints.region);
  try {
    const keys = await loadOrCreateDevKeys(host.dataDir);
    const context: CountingContext = {
      host,
      sfn,
      keys,
      handlerOfLogicalId: settings.handlerOfLogicalId,
      poll: POLL,
    };
    await warmUp(context);

    const manual = await countManualLifecycles(context, COUNTED_LIFECYCLES);
    const auto = await countAutoLifecycles(context, COUNTED_LIFECYCLES).catch((error: unknown) =>
      error instanceof Error ? error.message : String(error),
    );
    const counted: CountedMode[] = [manual.counts, ...(typeof auto === 'string' ? [] : [auto])];
    const costs = counted.map((mode) => priceLifecycle(mode, settings.memoryMb, { authorizerMs }));

    const levels = await runLevels(host, keys, manual.template, DEFAULT_LEVELS, POLL);
    const requests: RequestResults = {
      manual: manual.counts,
      ...(typeof auto === 'string' ? { autoError: auto } : { auto }),
      memoryMb: settings.memoryMb,
      architectures: settings.architectures,
      costs,
      unitModel: UNIT_MODEL,
    };
    return { lifecycle: { pollIntervalMs: POLL.intervalMs, levels }, requests };
  } finally {
    sfn.destroy();
    await host.stop();
  }
}

/** First invocations load modules and JIT-compile; none of this is measured. */
async function warmUp(context: CountingContext): Promise<void> {
  const tokens = {
    requester: await context.keys.signToken({ sub: 'warm-up', org: 'org-bench', roles: [] }),
    approver: await context.keys.signToken({
      sub: 'warm-up-admin',
      org: 'org-bench',
      roles: ['org-admin'],
    }),
  };

  for (let index = 0; index < WARM_UP_LIFECYCLES; index += 1) {
    const run = await runManualLifecycle(context.host.endpoints.api, tokens, POLL);
    if (!run.ok) throw new Error(`Warm-up lifecycle failed: ${run.error}`);
    const arn = executionArnOf(context.host.endpoints.stateMachineArn, run.orchestrationId);
    await waitForClose(context.sfn, arn);
  }
}
