import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';

/** The repository root: the directory CDK runs esbuild in (`projectRoot`). */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

/** The ESM `require` shim `infra/orchestrator-function.ts` passes as the banner. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

/** What CDK marks external for every function (the nodejs22.x runtime ships SDK v3). */
export const DEPLOYED_EXTERNALS: readonly string[] = ['@aws-sdk/*'];

/** Whether the AWS SDK is left to the runtime (as deployed) or bundled in. */
export type SdkPolicy = 'external' | 'bundled';

const WRAPPER_SOURCE = 'infra/orchestrator-function.ts';

// Each literal must still appear in the CDK wrapper; if one is gone the options below drifted.
const EXPECTED_FRAGMENTS = [
  'format: OutputFormat.ESM',
  "target: 'node22'",
  "mainFields: ['module', 'main']",
  'minify: true',
  'sourceMap: true',
  'sourcesContent: false',
  'banner: ESM_REQUIRE_BANNER',
  "externalModules: ['@aws-sdk/*']",
  ESM_REQUIRE_BANNER,
];

/**
 * Throws naming the missing settings when `infra/orchestrator-function.ts` no longer bundles
 * the way {@link cdkBuildOptions} replicates, so a stale benchmark never passes silently.
 */
export function assertOptionsMatchCdk(): void {
  const source = readFileSync(resolve(PROJECT_ROOT, WRAPPER_SOURCE), 'utf8');
  const missing = EXPECTED_FRAGMENTS.filter((fragment) => !source.includes(fragment));
  if (missing.length > 0) {
    throw new Error(
      `${WRAPPER_SOURCE} changed its bundling (${missing.join('; ')}); ` +
        'update bench/bundle-options.ts to match before comparing bundles',
    );
  }
}

/**
 * The esbuild options CDK's `NodejsFunction` derives from our bundling props: the CLI flags
 * `--bundle --platform=node --target=node22 --format=esm --minify --sourcemap
 * --sources-content=false --external:@aws-sdk/* --banner:js=… --main-fields=module,main`,
 * run in the project root. `bundled` drops the external so the SDK is measured too.
 */
export function cdkBuildOptions(outfile: string, sdk: SdkPolicy): BuildOptions {
  return {
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outfile,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: sdk === 'external' ? [...DEPLOYED_EXTERNALS] : [],
    banner: { js: ESM_REQUIRE_BANNER },
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    write: true,
  };
}
