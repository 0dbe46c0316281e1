import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OrchestratorStack, type OrchestratorStackProps } from '../../infra/orchestrator-stack';
import { createHandlerEntries } from './handler-entries-fixture';

/** Settings every test stack starts from. */
export const TEST_SETTINGS = {
  jwtIssuer: 'https://issuer.example.com/',
  jwtAudience: 'incident-orchestrator',
  jwtJwksUrl: 'https://issuer.example.com/.well-known/jwks.json',
} as const;

/** A synthesized test stack and its template. */
export interface SynthesizedStack {
  readonly stack: OrchestratorStack;
  readonly template: Template;
}

/** Synthesizes the stack against empty handler entries, with bundling skipped. */
export function synthesizeTestStack(props: Partial<OrchestratorStackProps> = {}): SynthesizedStack {
  const entries = createHandlerEntries();
  try {
    const app = new App({
      context: { 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
      treeMetadata: false,
    });
    const stack = new OrchestratorStack(app, 'TestOrchestrator', {
      ...TEST_SETTINGS,
      ...props,
      projectRoot: entries.projectRoot,
    });

    return { stack, template: Template.fromStack(stack) };
  } finally {
    entries.remove();
  }
}
