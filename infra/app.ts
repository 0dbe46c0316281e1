import { Annotations, App } from 'aws-cdk-lib';
import { DEVELOPMENT_CONTEXT, settingsFromContext, usesDevelopmentJwt } from './app-context';
import { DEFAULT_STACK_NAME, OrchestratorStack } from './orchestrator-stack';

// Context from cdk.json and `-c` overrides these development defaults.
const app = new App({ context: { ...DEVELOPMENT_CONTEXT } });
const settings = settingsFromContext(app.node);

const stack = new OrchestratorStack(app, DEFAULT_STACK_NAME, {
  ...settings,
  description: 'Incident Orchestrator: incident to remediation with approvals and an audit trail',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

if (usesDevelopmentJwt(settings)) {
  Annotations.of(stack).addWarningV2(
    'incident-orchestrator:developmentJwt',
    'The authorizer trusts the local development issuer. Before deploying, pass ' +
      '-c jwtIssuer=<issuer> -c jwtAudience=<audience> -c jwtJwksUrl=<https JWKS URL>.',
  );
}
