import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { settingsFromContext, usesDevelopmentJwt, withDevelopmentJwt } from './app-context';
import { DEFAULT_STACK_NAME, OrchestratorStack } from './orchestrator-stack';

const app = new App();
// Every cdk-nag finding fails `cdk synth` unless acknowledged (infra/nag-acknowledgements.ts).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

// Context from cdk.json and `-c key=value`; without any JWT setting, the development ones.
const settings = withDevelopmentJwt(settingsFromContext(app.node));
const stack = new OrchestratorStack(app, DEFAULT_STACK_NAME, {
  ...settings,
  description: 'Incident Orchestrator: incident to remediation with approvals and an audit trail',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

if (usesDevelopmentJwt(settings)) {
  Annotations.of(stack).addWarningV2(
    'incident-orchestrator:developmentJwt',
    'The authorizer trusts the local development issuer. Before deploying, pass ' +
      '-c jwtIssuer=<issuer> -c jwtAudience=<audience> and -c jwtJwksUrl=<https JWKS URL> ' +
      '(or -c jwtSecretArn=<secret ARN>).',
  );
}
