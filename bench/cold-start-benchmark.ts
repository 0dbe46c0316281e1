import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuiltBundle } from './bundle-benchmark';
import { median, round } from './statistics';

/** Module-init times of one bundle over fresh processes, in milliseconds. */
export interface ColdStartSample {
  name: string;
  sdk: BuiltBundle['sdk'];
  samples: number[];
  medianMs: number;
  error?: string;
}

/** How many fresh processes per bundle, and the wall-clock cap of the whole measurement. */
export interface ColdStartPlan {
  processes: number;
  deadlineMs: number;
}

/**
 * What Lambda sets for our functions (see `infra/orchestrator-function.ts`), with endpoints
 * that are never called: modules read it at init and nothing is sent before an invocation.
 */
export const HANDLER_INIT_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  ORCHESTRATIONS_TABLE: 'Orchestrations',
  AUDIT_TABLE: 'Audit',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:bench-orchestration',
  JWT_ISSUER: 'urn:incident-orchestrator:bench',
  JWT_AUDIENCE: 'incident-orchestrator',
  JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
  POWERTOOLS_SERVICE_NAME: 'incident-orchestrator',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  // Deployed functions run with source maps enabled, which makes Node read the map at load.
  NODE_OPTIONS: '--enable-source-maps',
  // Only Node 20 (here) warns; the nodejs22.x runtime would not pay for the warning.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

// Times only the dynamic import, as the Lambda runtime imports the handler module at init.
const RUNNER_SOURCE = `
const url = process.argv[2];
const started = performance.now();
await import(url);
process.stdout.write(JSON.stringify({ initMs: performance.now() - started }));
`;

const PROCESS_TIMEOUT_MS = 20_000;

/**
 * Imports each bundle in `processes` fresh `node` processes, round-robin so drift spreads
 * evenly, and reports the median init time. Stops early, with fewer samples, at the deadline.
 */
export async function measureColdStarts(
  workDir: string,
  bundles: readonly BuiltBundle[],
  plan: ColdStartPlan,
): Promise<ColdStartSample[]> {
  const runner = join(workDir, 'cold-start-runner.mjs');
  writeFileSync(runner, RUNNER_SOURCE);
  const deadline = Date.now() + plan.deadlineMs;
  const samples = new Map(bundles.map((bundle) => [bundle, [] as number[]]));
  const errors = new Map<BuiltBundle, string>();

  for (let round = 0; round < plan.processes && Date.now() < deadline; round += 1) {
    for (const bundle of bundles) {
      if (errors.has(bundle)) continue;
      try {
        samples.get(bundle)?.push(await initTime(runner, bundle.path));
      } catch (error) {
        errors.set(bundle, error instanceof Error ? error.message.slice(0, 300) : String(error));
      }
    }
  }

  return bundles.map((bundle) => summary(bundle, samples.get(bundle) ?? [], errors.get(bundle)));
}

function summary(bundle: BuiltBundle, samples: number[], error?: string): ColdStartSample {
  const rounded = samples.map((value) => round(value, 2));
  const result = { name: bundle.name, sdk: bundle.sdk, samples: rounded };
  return { ...result, medianMs: round(median(samples), 2), ...(error ? { error } : {}) };
}

function initTime(runner: string, bundlePath: string): Promise<number> {
  const args = [runner, pathToFileURL(bundlePath).href];
  const options = { env: processEnvironment(), timeout: PROCESS_TIMEOUT_MS };

  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, options, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`init failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
        return;
      }
      resolve(Number((JSON.parse(stdout) as { initMs: number }).initMs));
    });
  });
}

function processEnvironment(): NodeJS.ProcessEnv {
  // A fresh environment: nothing of this process (tsx's loader, a developer's AWS profile).
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', ...HANDLER_INIT_ENVIRONMENT };
}
