import { fileURLToPath } from 'node:url';
import { CfnElement, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct, IConstruct } from 'constructs';
import { LifecycleMetrics } from './lifecycle-metrics';
import { acknowledge, resourceFinding } from './nag-acknowledgements';
import { OrchestrationTables } from './orchestration-tables';
import { OrchestrationWorkflow, stateMachineNameFor, workflowArns } from './orchestration-workflow';
import { OrchestratorAlarms } from './orchestrator-alarms';
import { OrchestratorApi } from './orchestrator-api';
import {
  type OrchestratorConfig,
  type OrchestratorSettings,
  resolveOrchestratorConfig,
} from './orchestrator-config';
import { OrchestratorDashboard } from './orchestrator-dashboard';
import { OrchestratorFunctions } from './orchestrator-functions';

/** Stack name used by the CDK app and by local synthesis. */
export const DEFAULT_STACK_NAME = 'IncidentOrchestrator';

/** Props of {@link OrchestratorStack}: CDK stack props plus the service's settings. */
export interface OrchestratorStackProps extends StackProps, OrchestratorSettings {
  /** Directory holding `functions/` and `package-lock.json`; defaults to this repository. */
  readonly projectRoot?: string;
}

const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Incident Orchestrator: tables, functions, REST API, orchestration state machine, and
 * the alarms and dashboard that watch them.
 */
export class OrchestratorStack extends Stack {
  /** The settings the stack was built with, defaults applied. */
  readonly config: OrchestratorConfig;
  /** The orchestrations and audit tables. */
  readonly tables: OrchestrationTables;
  /** One function per handler. */
  readonly functions: OrchestratorFunctions;
  /** The orchestration state machine. */
  readonly workflow: OrchestrationWorkflow;
  /** The REST API. */
  readonly api: OrchestratorApi;
  /** The alarm topic and alarms. */
  readonly alarms: OrchestratorAlarms;

  constructor(scope: Construct, id: string, props: OrchestratorStackProps) {
    super(scope, id, props);

    const config = resolveOrchestratorConfig(props);
    const stateMachineName = stateMachineNameFor(this.stackName);
    const arns = workflowArns(this, stateMachineName);
    const metricsNamespace = config.metricsNamespace ?? this.stackName;
    this.config = config;

    this.tables = new OrchestrationTables(this, 'Tables', { encryption: config.tableEncryption });
    this.functions = new OrchestratorFunctions(this, 'Functions', {
      config,
      projectRoot: props.projectRoot ?? REPOSITORY_ROOT,
      tables: this.tables,
      metricsNamespace,
      ...arns,
    });
    this.workflow = this.createWorkflow(stateMachineName, config);
    this.api = new OrchestratorApi(this, 'Api', { functions: this.functions, config });

    const lifecycle = new LifecycleMetrics(this, 'LifecycleMetrics', {
      functions: this.functions,
      namespace: metricsNamespace,
    });
    const stage = this.api.restApi.deploymentStage;
    const stateMachine = this.workflow.stateMachine;
    this.alarms = new OrchestratorAlarms(this, 'Alarms', {
      functions: this.functions,
      stage,
      stateMachine,
      lifecycle,
      alarmEmail: config.alarmEmail,
    });
    new OrchestratorDashboard(this, 'Dashboard', {
      lifecycle,
      stage,
      stateMachine,
      alarms: this.alarms.alarms,
    });

    this.acknowledgeGeneratedWildcards(arns.executionArns);
    this.addOutputs();
  }

  /** CloudFormation logical id of each handler's function, by handler name. */
  functionLogicalIds(): Record<string, string> {
    const ids: Record<string, string> = {};
    for (const [name, fn] of this.functions.byName) {
      ids[name] = this.logicalIdOf(fn);
    }

    return ids;
  }

  /** CloudFormation logical ids of the `Orchestrations` and `Audit` tables. */
  tableLogicalIds(): Record<'Orchestrations' | 'Audit', string> {
    return {
      Orchestrations: this.logicalIdOf(this.tables.orchestrations),
      Audit: this.logicalIdOf(this.tables.audit),
    };
  }

  /** CloudFormation logical id of the state machine. */
  stateMachineLogicalId(): string {
    return this.logicalIdOf(this.workflow.stateMachine);
  }

  private createWorkflow(stateMachineName: string, config: OrchestratorConfig) {
    return new OrchestrationWorkflow(this, 'Workflow', {
      stateMachineName,
      approvalWindowSeconds: config.approvalWindowSeconds,
      executionWindowSeconds: config.executionWindowSeconds,
      runPlaybookTimeoutSeconds: config.runPlaybookTimeoutSeconds,
      logRetentionDays: config.logRetentionDays,
      functions: {
        parkTaskToken: this.functions.get('ParkTaskToken'),
        runPlaybook: this.functions.get('RunPlaybook'),
        recordExpiry: this.functions.get('RecordExpiry'),
        recordFailure: this.functions.get('RecordFailure'),
      },
    });
  }

  /**
   * cdk-nag names each wildcard resource in its finding id, so these acknowledgements are
   * built from the same values the statements were: nothing broader is accepted.
   */
  private acknowledgeGeneratedWildcards(executionArns: string): void {
    const stateMachineRole = this.workflow.stateMachine.role;
    for (const fn of this.workflow.invokedFunctions) {
      const versions = resourceFinding(this, `${fn.functionArn}:*`);
      acknowledge(stateMachineRole, 'stateMachineInvokeVersions', versions);
    }

    const cancelRole = this.functions.get('Cancel').role;
    if (cancelRole !== undefined) {
      acknowledge(cancelRole, 'stopOwnExecutions', resourceFinding(this, executionArns));
    }
  }

  private logicalIdOf(construct: IConstruct): string {
    const resource = construct.node.defaultChild;
    if (!(resource instanceof CfnElement)) {
      throw new TypeError(
        `${construct.node.path} has no CloudFormation resource as default child.`,
      );
    }

    return this.getLogicalId(resource);
  }

  private addOutputs(): void {
    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
    new CfnOutput(this, 'OrchestrationsTableName', {
      value: this.tables.orchestrations.tableName,
    });
    new CfnOutput(this, 'AuditTableName', { value: this.tables.audit.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}
