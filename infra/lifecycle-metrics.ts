import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { FilterPattern, type IFilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { OrchestratorFunctions } from './orchestrator-functions';

/** A metric counted from the structured (Powertools) log lines of one function. */
export interface LogMetricDefinition {
  readonly metricName: string;
  readonly handler: string;
  /** The log line's `message`; undefined counts lines by level instead. */
  readonly message?: string;
  /** Further top-level fields the line must carry, such as `outcome`. */
  readonly fields?: Readonly<Record<string, string>>;
  /** The log line's `level`, when counting errors. */
  readonly level?: 'ERROR';
}

/**
 * The lifecycle of orchestrations, counted from the log lines the handlers already write. A
 * test checks each message still appears in its handler, so a renamed line fails the build
 * instead of silently flattening a dashboard graph.
 */
export const LOG_METRICS = [
  {
    metricName: 'OrchestrationsCreated',
    handler: 'Orchestrate',
    message: 'Orchestration suggested',
  },
  { metricName: 'DryRunsRecorded', handler: 'DryRun', message: 'Dry-run recorded' },
  { metricName: 'ApprovalsRecorded', handler: 'Approve', message: 'Approval recorded' },
  { metricName: 'RejectionsRecorded', handler: 'Reject', message: 'Rejection recorded' },
  { metricName: 'ExecutionsRequested', handler: 'Execute', message: 'Execution requested' },
  {
    metricName: 'PlaybookRunsSucceeded',
    handler: 'RunPlaybook',
    message: 'Playbook run recorded',
    fields: { outcome: 'succeeded' },
  },
  {
    metricName: 'PlaybookRunsFailed',
    handler: 'RunPlaybook',
    message: 'Playbook run recorded',
    fields: { outcome: 'failed' },
  },
  { metricName: 'PlaybookRunsAbandoned', handler: 'RecordFailure', message: 'Playbook run failed' },
  // A refused token is a warning; an error means keys could not be had or settings are wrong.
  { metricName: 'AuthorizerErrors', handler: 'Authorizer', level: 'ERROR' },
] as const satisfies readonly LogMetricDefinition[];

/** Name of one of the {@link LOG_METRICS}. */
export type LogMetricName = (typeof LOG_METRICS)[number]['metricName'];

/** Props of {@link LifecycleMetrics}. */
export interface LifecycleMetricsProps {
  readonly functions: OrchestratorFunctions;
  readonly namespace: string;
}

/** One metric filter per {@link LOG_METRICS} entry, on its function's log group. */
export class LifecycleMetrics extends Construct {
  private readonly namespace: string;

  constructor(scope: Construct, id: string, props: LifecycleMetricsProps) {
    super(scope, id);

    this.namespace = props.namespace;
    for (const definition of LOG_METRICS) {
      new MetricFilter(this, definition.metricName, {
        logGroup: props.functions.get(definition.handler).functionLogGroup,
        metricNamespace: props.namespace,
        metricName: definition.metricName,
        filterPattern: filterPatternOf(definition),
        metricValue: '1',
      });
    }
  }

  /** The count of one lifecycle metric per period (Sum). */
  metric(name: LogMetricName, period: Duration = Duration.minutes(5)): Metric {
    return new Metric({ namespace: this.namespace, metricName: name, statistic: 'Sum', period });
  }
}

/** The JSON filter pattern matching a definition's log lines. */
export function filterPatternOf(definition: LogMetricDefinition): IFilterPattern {
  const conditions = Object.entries({
    ...(definition.message !== undefined && { message: definition.message }),
    ...(definition.level !== undefined && { level: definition.level }),
    ...definition.fields,
  }).map(([field, value]) => FilterPattern.stringValue(`$.${field}`, '=', value));

  return FilterPattern.all(...conditions);
}
