import { HANDLERS } from '../infra/handlers';
import type { BundleResults, BundleSize, ColdStartResults, ColdStartRow } from './bench-results';
import type { BundleSet } from './bundle-benchmark';
import { cdkBuildOptions } from './bundle-options';
import {
  type ColdStartSample,
  HANDLER_INIT_ENVIRONMENT,
  measureColdStarts,
} from './cold-start-benchmark';
import { COMPONENT_REFERENCES } from './reference-entries';
import { round } from './statistics';

/** Processes per bundle and time caps: 30 for what the budgets compare, fewer for the rest. */
export const COLD_START_PLANS = {
  budgeted: { processes: 30, deadlineMs: 150_000 },
  deployed: { processes: 5, deadlineMs: 30_000 },
} as const;

// The authorizer needs no SDK at init, so what it deploys is what its budget compares.
const AUTHORIZER = 'Authorizer';

const FLOORS = { sdk: 'sdk-floor', jose: 'jose-floor', empty: 'empty' } as const;
const COMPONENTS = COMPONENT_REFERENCES.map((reference) => reference.name);

/** Sizes of every function as deployed and with the SDK bundled, and of the floors. */
export function bundleResults(set: BundleSet): BundleResults {
  const size = (name: string): BundleSize => {
    const deployed = set.find(name, 'external');
    const bundled = set.find(name, 'bundled');
    const failure = set.failures.find((entry) => entry.name === name);
    return {
      name,
      deployedKib: deployed?.kib,
      bundledKib: bundled?.kib,
      sourceMapKib: deployed?.sourceMapKib,
      largestInputs: deployed?.largestInputs,
      ...(failure ? { error: failure.error } : {}),
    };
  };

  const {
    absWorkingDir: _root,
    outfile: _out,
    write: _write,
    ...esbuild
  } = cdkBuildOptions('index.mjs', 'external');
  return {
    esbuild,
    handlers: HANDLERS.map((handler) => size(handler.name)),
    floors: { sdk: size(FLOORS.sdk), jose: size(FLOORS.jose), empty: size(FLOORS.empty) },
    components: COMPONENTS.map(size),
  };
}

/**
 * Cold starts: 30 processes for what the budgets compare (handlers and the SDK floor with the
 * SDK bundled in, the authorizer as deployed, the jose floor, the components), then 5 for the
 * deployed form of the rest (SDK resolved from node_modules, as the runtime provides it).
 */
export async function coldStartResults(workDir: string, set: BundleSet): Promise<ColdStartResults> {
  // Bundles without the SDK deploy as they are bundled: once is enough.
  const withoutSdk = new Set<string>([FLOORS.jose, AUTHORIZER, ...COMPONENTS]);
  const budgeted = set.bundles.filter((bundle) =>
    bundle.name === AUTHORIZER ? bundle.sdk === 'external' : bundle.sdk === 'bundled',
  );
  const deployed = set.bundles.filter(
    (bundle) => bundle.sdk === 'external' && !withoutSdk.has(bundle.name),
  );

  const rows: ColdStartRow[] = [];
  for (const [plan, bundles] of [
    [COLD_START_PLANS.budgeted, budgeted],
    [COLD_START_PLANS.deployed, deployed],
  ] as const) {
    rows.push(...netOfEmpty(await measureColdStarts(workDir, bundles, plan)));
  }
  const environment = { ...HANDLER_INIT_ENVIRONMENT };
  return { processesPlanned: COLD_START_PLANS.budgeted.processes, environment, rows };
}

function netOfEmpty(samples: readonly ColdStartSample[]): ColdStartRow[] {
  const empty = samples.find((sample) => sample.name === FLOORS.empty)?.medianMs ?? Number.NaN;
  return samples.map((sample) => ({
    name: sample.name,
    sdk: sample.sdk,
    medianMs: sample.medianMs,
    netMs: round(sample.medianMs - empty, 2),
    processes: sample.samples.length,
    ...(sample.error ? { error: sample.error } : {}),
  }));
}
