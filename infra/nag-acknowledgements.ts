import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A cdk-nag finding the stack accepts instead of fixing, and why. */
export interface NagAcknowledgement {
  /** Rule ids; an id without `[finding]` may be completed by the call (`…IAM5[Resource::…]`). */
  readonly rules: readonly string[];
  /** Where it is acknowledged: always the narrowest construct that raises it. */
  readonly where: string;
  readonly reason: string;
}

/**
 * Every acknowledged cdk-nag finding (AwsSolutions and Serverless packs). docs/deployment.md
 * lists them; a test keeps the two in step.
 */
export const NAG_ACKNOWLEDGEMENTS = {
  xrayWrite: {
    rules: ['AwsSolutions-IAM5[Resource::*]'],
    where: 'the default policy of each function role',
    reason:
      'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support ' +
      'no resource-level permissions: AWS requires Resource "*".',
  },
  lambdaSynchronousOnly: {
    rules: ['Serverless-LambdaDLQ'],
    where: 'each function',
    reason:
      'Every function is invoked synchronously (API Gateway, the Lambda authorizer, Step ' +
      'Functions lambda:invoke); a dead-letter queue only receives failed asynchronous events. ' +
      'Failures surface to the caller, the state machine Catch and the alarms.',
  },
  lambdaRuntimeNode22: {
    rules: ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion'],
    where: 'each function',
    reason:
      'The service targets nodejs22.x (an AWS-supported LTS runtime) on purpose: bundles, ' +
      'benchmarks and the local stack are built and tested for Node.js 22. Moving to a newer ' +
      'runtime is a planned change, not a drive-by.',
  },
  publicHealthRoute: {
    rules: ['AwsSolutions-APIG4'],
    where: 'the GET /health method',
    reason:
      'GET /health is public by design (load balancers and uptime checks carry no token); it ' +
      'returns only whether each integration is configured, simulated or unreachable, ' +
      'nothing per tenant.',
  },
  publicHealthRouteCognito: {
    rules: ['AwsSolutions-COG4'],
    where: 'the GET /health method',
    reason: 'GET /health has no authorizer at all by design (see AwsSolutions-APIG4).',
  },
  lambdaAuthorizerNotCognito: {
    rules: ['AwsSolutions-COG4'],
    where: 'each method guarded by the JWT authorizer',
    reason:
      'Callers authenticate with any OIDC provider (Cognito included) through a Lambda TOKEN ' +
      'authorizer that verifies the JWT with jose and returns a route-enumerating policy; a ' +
      'Cognito user pool authorizer could not express the org-admin route policy.',
  },
  noWebAcl: {
    rules: ['AwsSolutions-APIG3'],
    where: 'the API stage, only when no webAclArn is configured',
    reason:
      'WAF is optional and set per environment with webAclArn (a REGIONAL web ACL the ' +
      'platform team owns); stage throttling and the authorizer protect the API without it.',
  },
  apiGatewayCloudWatchRole: {
    rules: [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/' +
        'AmazonAPIGatewayPushToCloudWatchLogs]',
    ],
    where: 'the API Gateway account role, only when apiGatewayCloudWatchRole is true',
    reason:
      'API Gateway writes execution logs to log groups it names and creates itself; the AWS ' +
      'managed policy made for exactly this role is the documented way to allow it.',
  },
  alarmEmailRedrive: {
    rules: ['Serverless-SNSRedrivePolicy'],
    where: 'the email subscription of the alarm topic, only when alarmEmail is set',
    reason:
      'A notification that cannot be mailed is not lost: every alarm state change stays in the ' +
      'CloudWatch alarm history and on the dashboard, so a dead-letter queue adds nothing.',
  },
  stateMachineLogDelivery: {
    rules: ['AwsSolutions-IAM5[Resource::*]'],
    where: 'the default policy of the state machine role',
    reason:
      'Step Functions log delivery (logs:CreateLogDelivery and related) and X-Ray tracing ' +
      '(xray:PutTraceSegments and related) support no resource-level permissions.',
  },
  stateMachineInvokeVersions: {
    rules: ['AwsSolutions-IAM5'],
    where: 'the default policy of the state machine role, once per invoked function',
    reason:
      'CDK grants lambda:InvokeFunction on each invoked function and its versions and aliases ' +
      '(<function ARN>:*); the wildcard only covers qualifiers of that same function.',
  },
  stopOwnExecutions: {
    rules: ['AwsSolutions-IAM5'],
    where: 'the default policy of the Cancel function role',
    reason:
      'StopExecution takes an execution ARN whose last part is the orchestration id, known only ' +
      'at run time; the pattern is limited to executions of this stack’s state machine.',
  },
} as const satisfies Record<string, NagAcknowledgement>;

/** Key of one {@link NAG_ACKNOWLEDGEMENTS} entry. */
export type NagAcknowledgementKey = keyof typeof NAG_ACKNOWLEDGEMENTS;

/**
 * Acknowledges the rules of an entry on `scope` (and the resources under it). `finding`
 * completes rule ids that name no finding yet, for rules that report one finding per resource.
 */
export function acknowledge(scope: IConstruct, key: NagAcknowledgementKey, finding?: string): void {
  const { rules, reason } = NAG_ACKNOWLEDGEMENTS[key];
  for (const rule of rules) {
    const id = finding === undefined ? rule : `${rule}[${finding}]`;
    Validations.of(scope).acknowledge({ id, reason });
  }
}

/**
 * The finding id cdk-nag gives a wildcard resource of an IAM statement: the resolved value
 * with `Ref` and `Fn::GetAtt` written `<Name>` and `<Name.Attribute>`, joins joined.
 */
export function resourceFinding(scope: IConstruct, resource: string): string {
  return `Resource::${flatten(Stack.of(scope).resolve(resource))}`;
}

function flatten(node: unknown): string {
  if (typeof node === 'string') {
    return node;
  }

  const intrinsic = typeof node === 'object' && node !== null ? Object.entries(node) : [];
  const [name, argument] = intrinsic[0] ?? [];
  if (name === 'Fn::Join' && Array.isArray(argument) && Array.isArray(argument[1])) {
    return argument[1].map(flatten).join(String(argument[0]));
  }

  if (name === 'Ref') {
    return `<${String(argument)}>`;
  }

  if (name === 'Fn::GetAtt' && Array.isArray(argument)) {
    return `<${argument.map(String).join('.')}>`;
  }

  return JSON.stringify(node);
}
