import { readFileSync } from 'node:fs';
import { App, type IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { NAG_ACKNOWLEDGEMENTS } from '../../infra/nag-acknowledgements';
import { OrchestratorStack } from '../../infra/orchestrator-stack';
import { createHandlerEntries } from './handler-entries-fixture';
import { ALL_FEATURES, synthesizeTestStack, TEST_SETTINGS } from './stack-fixture';

const DEPLOYMENT_GUIDE = new URL('../../docs/deployment.md', import.meta.url);

/** The packs `infra/app.ts` registers, so `cdk synth` fails on any unacknowledged finding. */
function nagPacks(): IPolicyValidationPlugin[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()];
}

/** Every unacknowledged finding under `scope`, as `<rule> at <construct path>`. */
function unacknowledged(scope: IConstruct): string[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.flatMap((violation) =>
        violation.violatingResources.map(
          (resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`,
        ),
      ),
  );
}

describe('cdk-nag (AwsSolutions and Serverless packs)', () => {
  it('finds nothing unacknowledged in the stack as deployed by default', () => {
    const { stack } = synthesizeTestStack({}, nagPacks());

    expect(unacknowledged(stack)).toEqual([]);
  });

  it('finds nothing unacknowledged with every optional feature switched on', () => {
    const { stack } = synthesizeTestStack(ALL_FEATURES, nagPacks());

    expect(unacknowledged(stack)).toEqual([]);
  });

  it('fails synthesis, naming the rule, when a finding is not acknowledged', () => {
    const entries = createHandlerEntries();
    try {
      const app = new App({
        context: { 'aws:cdk:bundling-stacks': [] },
        builtinCloudFormationValidation: false,
      });
      Validations.of(app).addPlugins(...nagPacks());
      const stack = new OrchestratorStack(app, 'NagProbe', {
        ...TEST_SETTINGS,
        projectRoot: entries.projectRoot,
      });
      new Queue(stack, 'UnacknowledgedQueue');

      expect(() => app.synth()).toThrow(/AwsSolutions-SQS4[\s\S]*NagProbe\/UnacknowledgedQueue/);
    } finally {
      entries.remove();
    }
  });

  it('documents every acknowledgement, with its reason, in docs/deployment.md', () => {
    const guide = readFileSync(DEPLOYMENT_GUIDE, 'utf8').replace(/\s+/g, ' ');

    const missing = Object.values(NAG_ACKNOWLEDGEMENTS)
      .flatMap(({ rules, reason }) => rules.map((rule) => ({ rule, reason })))
      .filter(({ rule, reason }) => !guide.includes(rule) || !guide.includes(reason))
      .map(({ rule }) => rule);

    expect(missing).toEqual([]);
  });
});
