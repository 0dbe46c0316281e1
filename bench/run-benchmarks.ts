import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAuditBenchmark } from './audit-benchmark';
import { runAuthorizerBenchmark } from './authorizer-benchmark';
import {
  type BenchResults,
  isSectionError,
  type SectionError,
  writeResults,
} from './bench-results';
import { budgetConsoleTable, evaluateBudgets } from './budgets';
import { buildBundles, firstLine } from './bundle-benchmark';
import { bundleResults, coldStartResults } from './bundle-sections';
import { writeReport } from './report-writer';
import { measureStack } from './stack-benchmark';
import { round } from './statistics';

// `npm run bench`: every measurement of docs/benchmarks.md, written to bench/results/.

// The nodejs22.x runtime would not print Node 20's SDK deprecation warning; neither do we.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const started = performance.now();
const loadAverageAtStart = loadavg().map((value) => round(value));
const workDir = mkdtempSync(join(tmpdir(), 'orchestrator-bench-'));

try {
  const bundleSet = await section('bundles', () => buildBundles(workDir));
  const bundles = isSectionError(bundleSet) ? bundleSet : bundleResults(bundleSet);
  const coldStart = isSectionError(bundleSet)
    ? bundleSet
    : await section('cold starts', () => coldStartResults(workDir, bundleSet));
  const authorizer = await section('authorizer', () =>
    runAuthorizerBenchmark({ rounds: 5, batchMs: 600, deadlineMs: 30_000 }),
  );
  const authorizerMs = isSectionError(authorizer)
    ? undefined
    : authorizer.algorithms.find((entry) => entry.algorithm === 'ES256')?.authorizerMs;
  const stack = await section('lifecycles', () => measureStack(authorizerMs));
  const audit = await section('audit', async () =>
    runAuditBenchmark({ events: 100_000, rounds: 5, deadlineMs: 40_000 }),
  );

  const results: BenchResults = {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    runSeconds: round((performance.now() - started) / 1000, 1),
    environment: environment(loadAverageAtStart),
    bundles,
    coldStart,
    lifecycle: isSectionError(stack) ? stack : stack.lifecycle,
    requests: isSectionError(stack) ? stack : stack.requests,
    audit,
    authorizer,
  };
  writeResults(results);
  const outcomes = evaluateBudgets(results);
  writeReport(results, outcomes);
  console.log(`\n${budgetConsoleTable(outcomes)}`);
  console.log(`\nWrote bench/results/ in ${results.runSeconds} s; check with npm run bench:check`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

/** Runs one section; a failure is recorded in the results instead of ending the run. */
async function section<T>(name: string, run: () => Promise<T>): Promise<T | SectionError> {
  const sectionStart = performance.now();
  console.log(`bench: ${name}…`);
  try {
    const value = await run();
    console.log(`bench: ${name} done in ${round((performance.now() - sectionStart) / 1000, 1)} s`);
    return value;
  } catch (error) {
    console.error(`bench: ${name} failed: ${firstLine(error)}`);
    return { error: firstLine(error) };
  }
}

function environment(loadAverage: number[]): BenchResults['environment'] {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverageAtStart: loadAverage,
    loadAverageAtEnd: loadavg().map((value) => round(value)),
  };
}
