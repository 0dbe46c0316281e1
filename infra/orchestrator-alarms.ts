import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Subscription, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AUTHORIZER_HANDLER } from './handler-access';
import type { LifecycleMetrics } from './lifecycle-metrics';
import { acknowledge } from './nag-acknowledgements';
import type { OrchestratorFunctions } from './orchestrator-functions';

/** Props of {@link OrchestratorAlarms}. */
export interface OrchestratorAlarmsProps {
  readonly functions: OrchestratorFunctions;
  readonly stage: Stage;
  readonly stateMachine: StateMachine;
  readonly lifecycle: LifecycleMetrics;
  /** Address subscribed to the topic, if any. */
  readonly alarmEmail?: string;
}

/** 5XX answers in five minutes that page: a burst, not a single transient failure. */
export const API_SERVER_ERROR_THRESHOLD = 5;
/** Aborted executions in an hour that page: each cancellation aborts one, so allow some. */
export const ABORTED_EXECUTION_THRESHOLD = 10;

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The alarm topic (encrypted with its own rotated key, TLS only) and the alarms: API 5XX,
 * errors and throttles of every function, authorizer errors, failed or timed-out executions,
 * and an unusual number of aborted executions.
 */
export class OrchestratorAlarms extends Construct {
  /** Where every alarm and its recovery is sent. */
  readonly topic: Topic;
  /** Every alarm, in creation order. */
  readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: OrchestratorAlarmsProps) {
    super(scope, id);

    this.topic = this.createTopic(props.alarmEmail);
    this.action = new SnsAction(this.topic);

    this.alarm('ApiServerErrors', props.stage.metricServerError({ period: FIVE_MINUTES }), {
      threshold: API_SERVER_ERROR_THRESHOLD,
      description: 'The API answered 5XX repeatedly (handlers, authorizer or integrations).',
    });
    this.functionAlarms(props);
    this.workflowAlarms(props.stateMachine);
  }

  private createTopic(alarmEmail: string | undefined): Topic {
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the Incident Orchestrator alarm topic',
      enableKeyRotation: true,
      // Alarm notifications are transient; nothing outlives the stack under this key.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.addToResourcePolicy(fromCloudWatch(['kms:Decrypt', 'kms:GenerateDataKey*'], ['*']));

    const topic = new Topic(this, 'Topic', {
      displayName: 'Incident Orchestrator alarms',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(fromCloudWatch(['sns:Publish'], [topic.topicArn]));
    if (alarmEmail !== undefined) {
      const subscription = new Subscription(this, 'EmailSubscription', {
        topic,
        protocol: SubscriptionProtocol.EMAIL,
        endpoint: alarmEmail,
      });
      acknowledge(subscription, 'alarmEmailRedrive');
    }

    return topic;
  }

  private functionAlarms(props: OrchestratorAlarmsProps): void {
    for (const [name, fn] of props.functions.byName) {
      // A refused token is a Lambda error too; only the authorizer's logged errors count.
      const errors =
        name === AUTHORIZER_HANDLER
          ? props.lifecycle.metric('AuthorizerErrors')
          : fn.metricErrors({ period: FIVE_MINUTES });
      const failures = new MathExpression({
        expression: 'errors + throttles',
        usingMetrics: { errors, throttles: fn.metricThrottles({ period: FIVE_MINUTES }) },
        label: `${name} errors and throttles`,
        period: FIVE_MINUTES,
      });

      this.alarm(`${name}Errors`, failures, {
        threshold: 1,
        description: `The ${name} function failed or was throttled.`,
      });
    }
  }

  private workflowAlarms(stateMachine: StateMachine): void {
    const failures = new MathExpression({
      expression: 'failed + timedOut',
      usingMetrics: {
        failed: stateMachine.metricFailed({ period: FIVE_MINUTES }),
        timedOut: stateMachine.metricTimedOut({ period: FIVE_MINUTES }),
      },
      label: 'Executions failed or timed out',
      period: FIVE_MINUTES,
    });
    this.alarm('WorkflowFailures', failures, {
      threshold: 1,
      description: 'An orchestration workflow failed (PlaybookFailed, or an uncaught error).',
    });

    this.alarm('WorkflowAborts', stateMachine.metricAborted({ period: Duration.hours(1) }), {
      threshold: ABORTED_EXECUTION_THRESHOLD,
      description: 'More executions were stopped than cancellations usually explain.',
    });
  }

  private alarm(
    id: string,
    metric: IMetric,
    options: { threshold: number; description: string },
  ): void {
    const alarm = new Alarm(this, id, {
      alarmName: `${Stack.of(this).stackName}-${id}`,
      alarmDescription: options.description,
      metric,
      threshold: options.threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }
}

/** Lets CloudWatch alarms of this account use a resource, and nobody else through it. */
function fromCloudWatch(actions: string[], resources: string[]): PolicyStatement {
  return new PolicyStatement({
    principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
    actions,
    resources,
    conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
  });
}
