import { App, type IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OrchestratorStack, type OrchestratorStackProps } from '../../infra/orchestrator-stack';
import { createHandlerEntries } from './handler-entries-fixture';

/** Settings every test stack starts from. */
export const TEST_SETTINGS = {
  jwtIssuer: 'https://issuer.example.com/',
  jwtAudience: 'incident-orchestrator',
  jwtJwksUrl: 'https://issuer.example.com/.well-known/jwks.json',
} as const;

/** Every optional feature switched on, for tests that must see them all. */
export const ALL_FEATURES = {
  jwtJwksUrl: undefined,
  jwtSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt-key-AbC123',
  runtimeAuthSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:runtime-Xy9876',
  eventBusName: 'incident-events',
  webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/0f1e2d3c-aaaa-bbbb',
  customerManagedKey: true,
  alarmEmail: 'oncall@example.com',
  apiGatewayCloudWatchRole: true,
} as const satisfies Partial<OrchestratorStackProps>;

/** A synthesized test stack and its template. */
export interface SynthesizedStack {
  readonly app: App;
  readonly stack: OrchestratorStack;
  readonly template: Template;
}

/**
 * Synthesizes the stack against empty handler entries, with bundling skipped. `plugins` are
 * registered on the app, as `infra/app.ts` does, before the stack is built.
 */
export function synthesizeTestStack(
  props: Partial<OrchestratorStackProps> = {},
  plugins: readonly IPolicyValidationPlugin[] = [],
): SynthesizedStack {
  const entries = createHandlerEntries();
  try {
    const app = new App({
      context: { 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
      treeMetadata: false,
    });
    if (plugins.length > 0) {
      Validations.of(app).addPlugins(...plugins);
    }
    const stack = new OrchestratorStack(app, 'TestOrchestrator', {
      ...TEST_SETTINGS,
      ...props,
      projectRoot: entries.projectRoot,
    });

    return { app, stack, template: Template.fromStack(stack) };
  } finally {
    entries.remove();
  }
}
