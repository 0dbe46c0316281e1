import { Duration, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IMetric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { LifecycleMetrics } from './lifecycle-metrics';

/** Props of {@link OrchestratorDashboard}. */
export interface OrchestratorDashboardProps {
  readonly lifecycle: LifecycleMetrics;
  readonly stage: Stage;
  readonly stateMachine: StateMachine;
  readonly alarms: readonly Alarm[];
}

const PERIOD = Duration.minutes(5);
const WIDTH = 12;

/**
 * The lifecycle at a glance: orchestrations created, dry-runs, approvals, rejections and
 * executions requested; playbook runs by outcome; state machine executions; API traffic and
 * latency; and the state of every alarm.
 */
export class OrchestratorDashboard extends Construct {
  /** The CloudWatch dashboard. */
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OrchestratorDashboardProps) {
    super(scope, id);

    const stackName = Stack.of(this).stackName;
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${stackName}-lifecycle`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${stackName}: incident to remediation`,
        width: 2 * WIDTH,
        height: 1,
      }),
    );
    this.dashboard.addWidgets(...lifecycleWidgets(props.lifecycle));
    this.dashboard.addWidgets(...workflowAndApiWidgets(props.stateMachine, props.stage));
    this.dashboard.addWidgets(latencyWidget(props.stage), alarmWidget(props.alarms));
  }
}

function lifecycleWidgets(lifecycle: LifecycleMetrics): GraphWidget[] {
  const orchestrations = graph('Orchestrations', [
    lifecycle.metric('OrchestrationsCreated', PERIOD).with({ label: 'created' }),
    lifecycle.metric('DryRunsRecorded', PERIOD).with({ label: 'dry-runs' }),
    lifecycle.metric('ApprovalsRecorded', PERIOD).with({ label: 'approvals' }),
    lifecycle.metric('RejectionsRecorded', PERIOD).with({ label: 'rejections' }),
    lifecycle.metric('ExecutionsRequested', PERIOD).with({ label: 'executions requested' }),
  ]);
  const runs = graph('Playbook runs', [
    lifecycle.metric('PlaybookRunsSucceeded', PERIOD).with({ label: 'succeeded' }),
    lifecycle.metric('PlaybookRunsFailed', PERIOD).with({ label: 'failed' }),
    lifecycle.metric('PlaybookRunsAbandoned', PERIOD).with({ label: 'failed after retries' }),
  ]);

  return [orchestrations, runs];
}

function workflowAndApiWidgets(stateMachine: StateMachine, stage: Stage): GraphWidget[] {
  const executions = graph('State machine executions', [
    stateMachine.metricStarted({ period: PERIOD, label: 'started' }),
    stateMachine.metricSucceeded({ period: PERIOD, label: 'succeeded' }),
    stateMachine.metricFailed({ period: PERIOD, label: 'failed' }),
    stateMachine.metricTimedOut({ period: PERIOD, label: 'timed out' }),
    stateMachine.metricAborted({ period: PERIOD, label: 'aborted' }),
  ]);
  const requests = graph('API requests', [
    stage.metricCount({ period: PERIOD, label: 'requests' }),
    stage.metricClientError({ period: PERIOD, label: '4XX' }),
    stage.metricServerError({ period: PERIOD, label: '5XX' }),
  ]);

  return [executions, requests];
}

function latencyWidget(stage: Stage): GraphWidget {
  return graph('API latency (ms)', [
    stage.metricLatency({ period: PERIOD, statistic: 'p50', label: 'p50' }),
    stage.metricLatency({ period: PERIOD, statistic: 'p90', label: 'p90' }),
    stage.metricLatency({ period: PERIOD, statistic: 'p99', label: 'p99' }),
    stage.metricIntegrationLatency({ period: PERIOD, statistic: 'p90', label: 'integration p90' }),
  ]);
}

function alarmWidget(alarms: readonly Alarm[]): AlarmStatusWidget {
  return new AlarmStatusWidget({ title: 'Alarms', alarms: [...alarms], width: WIDTH, height: 6 });
}

function graph(title: string, left: IMetric[]): GraphWidget {
  return new GraphWidget({ title, left, width: WIDTH, height: 6 });
}
