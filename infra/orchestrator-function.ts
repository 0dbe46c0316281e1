import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FunctionSizing } from './function-sizing';
import { acknowledge } from './nag-acknowledgements';

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
  readonly sizing: FunctionSizing;
  /** Days the function's log group keeps its events. */
  readonly logRetentionDays: number;
  /** `POWERTOOLS_LOG_LEVEL`. */
  readonly logLevel: string;
  /** `POWERTOOLS_METRICS_NAMESPACE`. */
  readonly metricsNamespace: string;
}

/** Shared so every function bundles alike; the ESM output still needs `require` for CJS deps. */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

/**
 * Our Lambda function: Node.js 22 on arm64, active tracing, its own log group with retention,
 * its own role (allowed to write to that log group and nothing else until granted more),
 * Powertools settings, and an ESM bundle (minified, with source maps, `module` before `main`).
 */
export class OrchestratorFunction extends NodejsFunction {
  /** The log group the function writes to. */
  readonly functionLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: OrchestratorFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}LogGroup`, { retention: props.logRetentionDays });
    // Not the managed AWSLambdaBasicExecutionRole: that may write to every log group.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${id} function of the Incident Orchestrator`,
    });

    super(scope, id, {
      entry: `${props.projectRoot}/${props.entry}`,
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.sizing.memoryMb,
      timeout: Duration.seconds(props.sizing.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
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

    this.functionLogGroup = logGroup;
    logGroup.grantWrite(role);
    acknowledge(role, 'xrayWrite');
    acknowledge(this, 'lambdaSynchronousOnly');
    acknowledge(this, 'lambdaRuntimeNode22');
  }
}
