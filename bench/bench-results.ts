import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AuditResult } from './audit-benchmark';
import type { AuthorizerResult } from './authorizer-benchmark';
import type { InputWeight } from './bundle-benchmark';
import type { LifecycleCost } from './cost-model';
import type { LevelResult } from './lifecycle-benchmark';
import type { CountedMode } from './lifecycle-counts';

/** Where a run's committed artifacts go. */
export const RESULTS_DIR = resolve(import.meta.dirname, 'results');

/** The results file `npm run bench:check` reads. */
export const LATEST_RESULTS = resolve(RESULTS_DIR, 'latest.json');

/** A section that could not be measured, and why. */
export interface SectionError {
  error: string;
}

/** Size of one function's bundle. */
export interface BundleSize {
  name: string;
  /** As CDK deploys it: `@aws-sdk/*` external. */
  deployedKib?: number;
  /** With the SDK bundled in, to compare with the SDK floor like for like. */
  bundledKib?: number;
  sourceMapKib?: number;
  /** What weighs most in the deployed bundle. */
  largestInputs?: InputWeight[];
  error?: string;
}

/** Bundle sizes of every function and of the floors. */
export interface BundleResults {
  esbuild: Record<string, unknown>;
  handlers: BundleSize[];
  floors: { sdk: BundleSize; jose: BundleSize; empty: BundleSize };
  /** Single packages measured alone, to explain the handlers' sizes and init times. */
  components: BundleSize[];
}

/** Median module-init time of one bundle, raw and net of the empty bundle's. */
export interface ColdStartRow {
  name: string;
  sdk: 'external' | 'bundled';
  medianMs: number;
  netMs: number;
  processes: number;
  error?: string;
}

/** Cold starts of every bundle under both SDK policies. */
export interface ColdStartResults {
  processesPlanned: number;
  environment: Record<string, string>;
  rows: ColdStartRow[];
}

/** Lifecycles through the stack at each concurrency, with the DynamoDB floor of each. */
export interface LifecycleResults {
  pollIntervalMs: number;
  levels: LevelResult[];
}

/** Counted requests per manual and auto lifecycle, and what they cost. */
export interface RequestResults {
  manual: CountedMode;
  auto?: CountedMode;
  autoError?: string;
  memoryMb: Record<string, number>;
  architectures: Record<string, string>;
  costs: LifecycleCost[];
  unitModel: string;
}

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  schemaVersion: 1;
  generatedAt: string;
  runSeconds: number;
  environment: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    cpuModel: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  bundles: BundleResults | SectionError;
  coldStart: ColdStartResults | SectionError;
  lifecycle: LifecycleResults | SectionError;
  requests: RequestResults | SectionError;
  audit: AuditResult | SectionError;
  authorizer: AuthorizerResult | SectionError;
}

/** Whether a section failed rather than measured. */
export function isSectionError(section: unknown): section is SectionError {
  return typeof section === 'object' && section !== null && 'error' in section;
}

/** Writes the results as pretty JSON. */
export function writeResults(results: BenchResults): void {
  writeFileSync(LATEST_RESULTS, `${JSON.stringify(results, null, 2)}\n`);
}

/** Reads `bench/results/latest.json`; throws saying how to produce it when it is missing. */
export function readResults(path = LATEST_RESULTS): BenchResults {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`No benchmark results at ${path}: run \`npm run bench\` first`, {
      cause: error,
    });
  }
  return JSON.parse(text) as BenchResults;
}
