import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditResult } from './audit-benchmark';
import type { AuthorizerResult } from './authorizer-benchmark';
import {
  type BenchResults,
  type BundleResults,
  type ColdStartResults,
  isSectionError,
  type LifecycleResults,
  RESULTS_DIR,
} from './bench-results';
import { type BudgetOutcome, budgetMarkdown } from './budgets';
import { lifecycleCharts } from './report-charts';
import { requestSections } from './report-requests';

/** Writes bench/results/report.md and its SVG charts. */
export function writeReport(results: BenchResults, outcomes: readonly BudgetOutcome[]): void {
  const charts = isSectionError(results.lifecycle) ? [] : lifecycleCharts(results.lifecycle.levels);
  for (const chart of charts) writeFileSync(join(RESULTS_DIR, chart.file), chart.svg);

  const parts = [
    header(results),
    '## Budgets',
    budgetMarkdown(outcomes),
    orError(results.bundles, bundleSection),
    orError(results.coldStart, coldStartSection),
    orError(results.lifecycle, (section) => lifecycleSection(section, charts)),
    orError(results.requests, requestSections),
    orError(results.audit, auditSection),
    orError(results.authorizer, authorizerSection),
  ];
  writeFileSync(join(RESULTS_DIR, 'report.md'), `${parts.join('\n\n')}\n`);
}

function header(results: BenchResults): string {
  const env = results.environment;
  return [
    '# Benchmark report',
    '',
    `Run of ${results.generatedAt}, ${results.runSeconds} s, by \`npm run bench\`; ` +
      'how each figure is measured is in `docs/benchmarks.md`.',
    `Node ${env.node} on ${env.platform}/${env.arch}, ${env.cpus} × ${env.cpuModel}; ` +
      `load average ${env.loadAverageAtStart.join(' / ')} at start, ` +
      `${env.loadAverageAtEnd.join(' / ')} at end. Every budget is a ratio against a floor ` +
      'measured in the same run, so a busy machine slows both sides.',
  ].join('\n');
}

function orError<T extends object>(section: T | { error: string }, render: (value: T) => string) {
  return isSectionError(section) ? `> Not measured: ${section.error}` : render(section);
}

function bundleSection(section: BundleResults): string {
  const floors = section.floors;
  const all = [...section.handlers, floors.sdk, floors.jose, floors.empty, ...section.components];
  const rows = all.map((size) => {
    const largest = (size.largestInputs ?? []).map((input) => `${input.input} ${input.kib}`);
    const cells = [size.deployedKib, size.bundledKib, size.sourceMapKib].map(cell);
    return `| ${size.name} | ${cells.join(' | ')} | ${size.error ?? largest.join(', ')} |`;
  });
  return [
    '## Bundles (KiB)',
    '',
    'Built with the esbuild options of `infra/orchestrator-function.ts` through the esbuild ' +
      'JS API. *Deployed* leaves `@aws-sdk/*` to the runtime as CDK does; *SDK bundled* ' +
      'includes it, which is what the SDK floor contains, so budgets compare that column; ' +
      'the authorizer is compared as deployed (it imports the SDK only on first use of a ' +
      'Secrets Manager secret, and that import is left to the runtime).',
    '',
    '| bundle | deployed | SDK bundled | source map | largest inputs (deployed, KiB) |',
    '|---|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
}

function coldStartSection(section: ColdStartResults): string {
  const names = [...new Set(section.rows.map((row) => row.name))];
  const rows = names.map((name) => {
    const bundled = section.rows.find((row) => row.name === name && row.sdk === 'bundled');
    const deployed = section.rows.find((row) => row.name === name && row.sdk === 'external');
    const cells = [bundled?.medianMs, bundled?.netMs, deployed?.medianMs, deployed?.netMs].map(
      cell,
    );
    const runs = `${bundled?.processes ?? 0} / ${deployed?.processes ?? 0}`;
    return `| ${name} | ${cells.join(' | ')} | ${runs} |`;
  });
  return [
    '## Cold start (module init, ms, median)',
    '',
    'Time to `import()` each bundle in a fresh `node` process with the environment Lambda ' +
      'sets (`NODE_OPTIONS=--enable-source-maps` included); *net* subtracts the empty ' +
      "bundle's median. Budgets compare the *SDK bundled* column (30 processes), except for " +
      'the authorizer, which loads no SDK at init and is compared as deployed; the other ' +
      'deployed bundles (5 processes) resolve the SDK from node_modules as the runtime does.',
    '',
    '| bundle | SDK bundled | net | deployed | net | processes |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function lifecycleSection(section: LifecycleResults, charts: { file: string; title: string }[]) {
  const rows = section.levels.map((level) => {
    const total = `${level.total.p50} / ${level.total.p95} / ${level.total.p99}`;
    const floor = level.floor;
    const floorCells = floor
      ? `${floor.sequencesPerSecond} | ${floor.sequenceMs.p50}`
      : `${level.floorError ?? '—'} | —`;
    const overhead = `${cell(level.throughputOverhead)}× / ${cell(level.latencyOverhead)}×`;
    return (
      `| ${level.concurrency} | ${level.completed}/${level.planned} ` +
      `| ${level.lifecyclesPerSecond} ` +
      `| ${total} | ${level.dynamodbRequestsPerLifecycle} | ${floorCells} | ${overhead} |`
    );
  });
  const stageRows = section.levels.flatMap((level) =>
    Object.entries(level.stages).map(
      ([stage, d]) => `| ${level.concurrency} | ${stage} | ${d.p50} | ${d.p95} | ${d.p99} |`,
    ),
  );
  const failures = section.levels.flatMap((level) =>
    level.failures.map((failure) => `- concurrency ${level.concurrency}: ${failure}`),
  );

  return [
    '## Manual lifecycles through the local stack',
    '',
    'orchestrate → dry-run → approve (another caller, org-admin) → execute → GET every ' +
      `${section.pollIntervalMs} ms until SUCCEEDED, over HTTP. The floor replays the same ` +
      'number of DynamoDB requests per lifecycle (the recorded requests of a counted ' +
      'lifecycle, under a fresh id) with a bare SDK client at the same concurrency.',
    '',
    '| concurrency | completed | lifecycles/s | total ms p50 / p95 / p99 | DynamoDB req | ' +
      'floor seq/s | floor p50 ms | overhead (throughput / latency) |',
    '|---:|---:|---:|---|---:|---:|---:|---|',
    ...rows,
    '',
    ...charts.map((chart) => `![${chart.title}](${chart.file})`),
    '',
    '| concurrency | stage | p50 ms | p95 ms | p99 ms |',
    '|---:|---|---:|---:|---:|',
    ...stageRows,
    ...(failures.length > 0 ? ['', 'Failed lifecycles:', ...failures] : []),
  ].join('\n');
}

function auditSection(section: AuditResult): string {
  return [
    '## Audit verification',
    '',
    `${section.events.toLocaleString('en')} sealed events, ${section.rounds} alternating rounds ` +
      `(chain built in ${section.buildMs} ms). \`verifyAuditChain\`: ` +
      `${section.verifyEventsPerSecond.toLocaleString('en')} events/s; floor (canonical JSON + ` +
      `SHA-256 only): ${section.floorEventsPerSecond.toLocaleString('en')} events/s; ratio ` +
      `${section.ratio}; chain valid: ${section.valid}.`,
  ].join('\n');
}

function authorizerSection(section: AuthorizerResult): string {
  const rows = section.algorithms.map(
    (entry) =>
      `| ${entry.algorithm} | ${entry.authorizerPerSecond} | ${entry.floorPerSecond} | ` +
      `${entry.ratio} | ${entry.authorizerMs} |`,
  );
  return [
    '## Authorizer',
    '',
    '| algorithm | authorizer verifications/s | bare jwtVerify/s | ratio | ms per call |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    '',
    `JWKS fetches by the authorizer: ${section.authorizerJwksFetches} over ` +
      `${section.verificationsByAuthorizer} verifications (floor: ${section.floorJwksFetches}).`,
  ].join('\n');
}

function cell(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : String(value);
}
