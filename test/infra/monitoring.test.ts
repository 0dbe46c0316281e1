import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS } from '../../infra/handlers';
import { LOG_METRICS } from '../../infra/lifecycle-metrics';
import { type SynthesizedStack, synthesizeTestStack } from './stack-fixture';
import { onlyResource, propertiesOf } from './template-queries';

const REPOSITORY = resolve(import.meta.dirname, '../..');

describe('the alarms and the dashboard', () => {
  let synthesized: SynthesizedStack;

  beforeAll(() => {
    synthesized = synthesizeTestStack({ alarmEmail: 'oncall@example.com' });
  });

  it('sends every alarm and its recovery to one encrypted, TLS-only topic', () => {
    const { template } = synthesized;
    const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0] ?? '';

    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmsTopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('alarms on API 5XX, each function, authorizer errors and failed executions', () => {
    const names = Object.values(synthesized.template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => String(propertiesOf(alarm).AlarmName).replace('TestOrchestrator-', ''),
    );

    expect(names.sort()).toEqual(
      [
        'ApiServerErrors',
        'WorkflowFailures',
        'WorkflowAborts',
        ...HANDLERS.map((handler) => `${handler.name}Errors`),
      ].sort(),
    );
  });

  it('counts errors with throttles, and for the authorizer only its logged errors', () => {
    const alarms = Object.values(synthesized.template.findResources('AWS::CloudWatch::Alarm'));
    const metricsOf = (name: string) => {
      const alarm = alarms.find((a) => propertiesOf(a).AlarmName === `TestOrchestrator-${name}`);
      return JSON.stringify(propertiesOf(alarm).Metrics);
    };

    expect(metricsOf('ApproveErrors')).toMatch(
      /errors \+ throttles[\s\S]*"Errors"[\s\S]*"Throttles"/,
    );
    expect(metricsOf('AuthorizerErrors')).toContain('"MetricName":"AuthorizerErrors"');
    expect(metricsOf('AuthorizerErrors')).not.toContain('"MetricName":"Errors"');
    expect(metricsOf('WorkflowFailures')).toMatch(/ExecutionsFailed[\s\S]*ExecutionsTimedOut/);
  });

  it('counts the lifecycle from log lines the handlers still write', () => {
    const stale = LOG_METRICS.filter((metric) => 'message' in metric)
      .filter((metric) => {
        const entry = HANDLERS.find((handler) => handler.name === metric.handler)?.entry ?? '';
        return !readFileSync(resolve(REPOSITORY, entry), 'utf8').includes(`'${metric.message}'`);
      })
      .map((metric) => `${metric.handler}: ${metric.message}`);

    expect(stale).toEqual([]);
    synthesized.template.resourceCountIs('AWS::Logs::MetricFilter', LOG_METRICS.length);
    synthesized.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ ($.message = "Playbook run recorded") && ($.outcome = "failed") }',
      MetricTransformations: [
        { MetricName: 'PlaybookRunsFailed', MetricNamespace: 'TestOrchestrator', MetricValue: '1' },
      ],
    });
  });

  it('shows the lifecycle, the executions, the API and the alarms on one dashboard', () => {
    const dashboard = propertiesOf(
      onlyResource(synthesized.template, 'AWS::CloudWatch::Dashboard'),
    );
    const body = JSON.stringify(dashboard.DashboardBody);

    expect(dashboard.DashboardName).toBe('TestOrchestrator-lifecycle');
    for (const metric of [
      'OrchestrationsCreated',
      'ApprovalsRecorded',
      'PlaybookRunsSucceeded',
      'PlaybookRunsFailed',
      'ExecutionsSucceeded',
      'ExecutionsFailed',
      'Latency',
      '5XXError',
    ]) {
      expect(body, metric).toContain(metric);
    }
    expect(body).toContain('p99');
  });
});
