/**
 * Prints the size of each function bundle in a cloud assembly:
 * `npx cdk synth --quiet && npx tsx scripts/bundle-sizes.ts [cdk.out]`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One function's deployed bundle. */
export interface BundleSize {
  readonly handler: string;
  readonly bundleBytes: number;
  readonly sourceMapBytes: number;
}

interface TemplateResource {
  readonly Type: string;
  readonly Metadata?: Record<string, unknown>;
}

/**
 * The size of every function's `index.mjs` (and source map) in a cloud assembly, by handler
 * name: the asset path and construct path CDK records in each function's metadata.
 */
export function bundleSizes(assemblyDir: string): BundleSize[] {
  const sizes: BundleSize[] = [];
  for (const template of templatesIn(assemblyDir)) {
    const { Resources } = JSON.parse(readFileSync(template, 'utf8')) as {
      Resources: Record<string, TemplateResource>;
    };
    for (const resource of Object.values(Resources)) {
      const size = sizeOf(assemblyDir, resource);
      if (size !== undefined) sizes.push(size);
    }
  }

  return sizes.sort((a, b) => b.bundleBytes - a.bundleBytes);
}

function templatesIn(assemblyDir: string): string[] {
  return readdirSync(assemblyDir)
    .filter((name) => name.endsWith('.template.json'))
    .map((name) => join(assemblyDir, name));
}

function sizeOf(assemblyDir: string, resource: TemplateResource): BundleSize | undefined {
  const assetPath = resource.Metadata?.['aws:asset:path'];
  const constructPath = resource.Metadata?.['aws:cdk:path'];
  const bundle = join(assemblyDir, String(assetPath), 'index.mjs');
  if (resource.Type !== 'AWS::Lambda::Function' || !existsSync(bundle)) {
    return undefined;
  }

  // `<stack>/Functions/<handler>/Resource`: the handler is the construct id.
  const handler = String(constructPath).split('/').at(-2) ?? String(constructPath);
  const map = `${bundle}.map`;
  return {
    handler,
    bundleBytes: statSync(bundle).size,
    sourceMapBytes: existsSync(map) ? statSync(map).size : 0,
  };
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1).padStart(8);
}

function main(assemblyDir: string): void {
  if (!existsSync(assemblyDir)) {
    process.stderr.write(`No cloud assembly at ${assemblyDir}: run npx cdk synth --quiet first.\n`);
    process.exitCode = 2;
    return;
  }

  process.stdout.write('handler                 index.mjs KiB   .map KiB\n');
  for (const { handler, bundleBytes, sourceMapBytes } of bundleSizes(assemblyDir)) {
    process.stdout.write(`${handler.padEnd(22)} ${kib(bundleBytes)}   ${kib(sourceMapBytes)}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv[2] ?? 'cdk.out');
}
