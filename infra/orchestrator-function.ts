import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Service name every function logs, traces and reports metrics under. */
export const POWERTOOLS_SERVICE_NAME = 'incident-orchestrator';

/** Props of {@link OrchestratorFunction}. */
export interface OrchestratorFunctionProps {
  /** Handler source, relative to `projectRoot`. */
  readonly entry: string;
  /** Directory holding the sources and `package-lock.json`. */
  readonly projectRoot: string;
  readonly description: string;
  /** Environment on top of the Powertools settings. */
  readonly environment: Readonly<Record<string, string>>;
  /** Default 15 seconds, well inside API Gateway's 29-second integration limit. */
  readonly timeout?: Duration;
}

/** Shared so every function bundles alike; the ESM output still needs `require` for CJS deps. */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

/**
 * Our Lambda function: Node.js 22 on arm64, active tracing, a log group kept one month,
 * Powertools settings, and an ESM bundle (minified, with source maps, `module` before `main`).
 */
export class OrchestratorFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: OrchestratorFunctionProps) {
    super(scope, id, {
      entry: `${props.projectRoot}/${props.entry}`,
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: Tracing.ACTIVE,
      logGroup: new LogGroup(scope, `${id}LogGroup`, { retention: RetentionDays.ONE_MONTH }),
      environment: {
        POWERTOOLS_SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        banner: ESM_REQUIRE_BANNER,
        // The nodejs22.x runtime ships AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
      },
    });
  }
}
