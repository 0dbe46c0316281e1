import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { DEFAULT_STACK_NAME, OrchestratorStack } from './orchestrator-stack';

/** Settings for a template the offline stack runs; the same settings the deployed stack takes. */
export interface LocalSynthOptions {
  readonly approvalWindowSeconds: number;
  readonly executionWindowSeconds: number;
  readonly runPlaybookTimeoutSeconds?: number;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly jwtJwksUrl: string;
  readonly registryUrl?: string;
  readonly runtimeUrl?: string;
  readonly recommenderUrl?: string;
  /** Directory holding `functions/` and `package-lock.json`; defaults to this repository. */
  readonly projectRoot?: string;
}

/** One resource of a synthesized CloudFormation template. */
export interface CloudFormationResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** A synthesized CloudFormation template, as JSON. */
export interface CloudFormationTemplate {
  readonly Resources: Record<string, CloudFormationResource>;
  readonly Outputs?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** The stack's template with the logical ids that bind its resources to the project. */
export interface LocalTemplate {
  readonly template: CloudFormationTemplate;
  /** Handler name → logical id of its `AWS::Lambda::Function`. */
  readonly functionLogicalIds: Record<string, string>;
  /** `Orchestrations` / `Audit` → logical id of the `AWS::DynamoDB::Table`. */
  readonly tableLogicalIds: Record<'Orchestrations' | 'Audit', string>;
  readonly stateMachineLogicalId: string;
}

/**
 * Synthesizes the orchestrator stack in-process with bundling skipped, into a temporary
 * directory removed afterwards, so the offline stack runs exactly the deployed definition.
 */
export function synthesizeLocalTemplate(options: LocalSynthOptions): LocalTemplate {
  const outdir = mkdtempSync(join(tmpdir(), 'orchestrator-synth-'));
  try {
    // Template validation costs seconds of WebAssembly start-up; `cdk synth` still runs it.
    const app = new App({
      outdir,
      context: { 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
      treeMetadata: false,
    });
    const stack = new OrchestratorStack(app, DEFAULT_STACK_NAME, options);
    const artifact = app.synth().getStackArtifact(stack.artifactId);

    return {
      template: artifact.template as CloudFormationTemplate,
      functionLogicalIds: stack.functionLogicalIds(),
      tableLogicalIds: stack.tableLogicalIds(),
      stateMachineLogicalId: stack.stateMachineLogicalId(),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
