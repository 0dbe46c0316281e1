import { mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { HANDLERS } from '../infra/handlers';
import {
  assertOptionsMatchCdk,
  cdkBuildOptions,
  PROJECT_ROOT,
  type SdkPolicy,
} from './bundle-options';
import {
  COMPONENT_REFERENCES,
  EMPTY_REFERENCE,
  JOSE_REFERENCE,
  type ReferenceEntry,
  SDK_REFERENCE,
} from './reference-entries';
import { round } from './statistics';

/** What one function or reference bundles to, under one SDK policy. */
export interface BuiltBundle {
  name: string;
  kind: 'handler' | 'reference';
  sdk: SdkPolicy;
  /** The bundle on disk (a temporary directory), for the cold-start runs. */
  path: string;
  kib: number;
  sourceMapKib: number;
  /** The packages (or source folders) that weigh most in the bundle, largest first. */
  largestInputs: InputWeight[];
}

/** How much of a bundle one package or source folder makes up. */
export interface InputWeight {
  input: string;
  kib: number;
}

/** A bundle esbuild refused, with its first error. */
export interface BundleFailure {
  name: string;
  sdk: SdkPolicy;
  error: string;
}

/** Every bundle of a run, both as deployed (SDK external) and with the SDK bundled in. */
export interface BundleSet {
  bundles: BuiltBundle[];
  failures: BundleFailure[];
  find(name: string, sdk: SdkPolicy): BuiltBundle | undefined;
}

const POLICIES: readonly SdkPolicy[] = ['external', 'bundled'];
const REFERENCES: readonly ReferenceEntry[] = [
  SDK_REFERENCE,
  JOSE_REFERENCE,
  EMPTY_REFERENCE,
  ...COMPONENT_REFERENCES,
];

/**
 * Bundles every handler of `infra/handlers.ts` and the references with the options CDK uses,
 * into `workDir`. A `node_modules` link there lets the external SDK resolve at run time.
 */
export async function buildBundles(workDir: string): Promise<BundleSet> {
  assertOptionsMatchCdk();
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(workDir, 'node_modules'), 'dir');

  const bundles: BuiltBundle[] = [];
  const failures: BundleFailure[] = [];
  const attempt = async (name: string, sdk: SdkPolicy, run: () => Promise<BuiltBundle>) => {
    try {
      bundles.push(await run());
    } catch (error) {
      // One handler that does not build must not hide the sizes of the others.
      failures.push({ name, sdk, error: firstLine(error) });
    }
  };

  // esbuild builds in parallel on its own; one batch per policy keeps memory modest.
  for (const sdk of POLICIES) {
    await Promise.all([
      ...HANDLERS.map(({ name, entry }) =>
        attempt(name, sdk, () => buildHandler(workDir, name, entry, sdk)),
      ),
      ...REFERENCES.map((reference) =>
        attempt(reference.name, sdk, () => buildReference(workDir, reference, sdk)),
      ),
    ]);
  }

  const order = [...HANDLERS.map((handler) => handler.name), ...REFERENCES.map((ref) => ref.name)];
  const rank = (bundle: BuiltBundle) =>
    POLICIES.indexOf(bundle.sdk) * 1000 + order.indexOf(bundle.name);
  bundles.sort((a, b) => rank(a) - rank(b));

  const find = (name: string, sdk: SdkPolicy) =>
    bundles.find((bundle) => bundle.name === name && bundle.sdk === sdk);
  return { bundles, failures, find };
}

/** The first lines of an error's message, enough to name the cause in a report. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').slice(0, 3).join(' ').slice(0, 400);
}

async function buildHandler(workDir: string, name: string, entry: string, sdk: SdkPolicy) {
  const outfile = outfileFor(workDir, name, sdk);
  const result = await build({
    ...cdkBuildOptions(outfile, sdk),
    entryPoints: [entry],
    metafile: true,
  });
  return measured(name, 'handler', sdk, outfile, result.metafile);
}

async function buildReference(workDir: string, reference: ReferenceEntry, sdk: SdkPolicy) {
  const outfile = outfileFor(workDir, reference.name, sdk);
  const stdin = {
    contents: reference.source,
    resolveDir: PROJECT_ROOT,
    sourcefile: `${reference.name}.js`,
    loader: 'js' as const,
  };
  const result = await build({ ...cdkBuildOptions(outfile, sdk), stdin, metafile: true });
  return measured(reference.name, 'reference', sdk, outfile, result.metafile);
}

function outfileFor(workDir: string, name: string, sdk: SdkPolicy): string {
  const dir = join(workDir, 'bundles', sdk, name);
  mkdirSync(dir, { recursive: true });
  return join(dir, 'index.mjs');
}

function measured(
  name: string,
  kind: BuiltBundle['kind'],
  sdk: SdkPolicy,
  path: string,
  metafile: Metafile | undefined,
): BuiltBundle {
  const kib = (file: string) => round(statSync(file).size / 1024, 1);
  const largestInputs = metafile ? weighInputs(metafile) : [];
  return { name, kind, sdk, path, kib: kib(path), sourceMapKib: kib(`${path}.map`), largestInputs };
}

const LARGEST_INPUTS = 4;

/** Bytes in the output by npm package, or by source folder for our own code. */
function weighInputs(metafile: Metafile): InputWeight[] {
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('.mjs'))?.[1];
  const weights = new Map<string, number>();
  for (const [file, input] of Object.entries(output?.inputs ?? {})) {
    const owner = packageOf(file);
    weights.set(owner, (weights.get(owner) ?? 0) + input.bytesInOutput);
  }

  return [...weights]
    .sort((a, b) => b[1] - a[1])
    .slice(0, LARGEST_INPUTS)
    .map(([input, bytes]) => ({ input, kib: round(bytes / 1024, 1) }));
}

function packageOf(file: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return match?.[1] ?? file.split('/').slice(0, 2).join('/');
}
