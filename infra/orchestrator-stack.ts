import { fileURLToPath } from 'node:url';
import { CfnElement, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct, IConstruct } from 'constructs';
import { OrchestrationTables } from './orchestration-tables';
import { OrchestrationWorkflow, stateMachineNameFor, workflowArns } from './orchestration-workflow';
import { OrchestratorApi } from './orchestrator-api';
import { type OrchestratorSettings, resolveOrchestratorConfig } from './orchestrator-config';
import { OrchestratorFunctions } from './orchestrator-functions';

/** Stack name used by the CDK app and by local synthesis. */
export const DEFAULT_STACK_NAME = 'IncidentOrchestrator';

/** Props of {@link OrchestratorStack}: CDK stack props plus the service's settings. */
export interface OrchestratorStackProps extends StackProps, OrchestratorSettings {
  /** Directory holding `functions/` and `package-lock.json`; defaults to this repository. */
  readonly projectRoot?: string;
}

const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Incident Orchestrator: tables, functions, REST API and orchestration state machine. */
export class OrchestratorStack extends Stack {
  /** The orchestrations and audit tables. */
  readonly tables: OrchestrationTables;
  /** One function per handler. */
  readonly functions: OrchestratorFunctions;
  /** The orchestration state machine. */
  readonly workflow: OrchestrationWorkflow;
  /** The REST API. */
  readonly api: OrchestratorApi;

  constructor(scope: Construct, id: string, props: OrchestratorStackProps) {
    super(scope, id, props);

    const config = resolveOrchestratorConfig(props);
    const stateMachineName = stateMachineNameFor(this.stackName);
    const arns = workflowArns(this, stateMachineName);

    this.tables = new OrchestrationTables(this, 'Tables');
    this.functions = new OrchestratorFunctions(this, 'Functions', {
      config,
      projectRoot: props.projectRoot ?? REPOSITORY_ROOT,
      tables: this.tables,
      ...arns,
    });

    this.workflow = new OrchestrationWorkflow(this, 'Workflow', {
      stateMachineName,
      approvalWindowSeconds: config.approvalWindowSeconds,
      executionWindowSeconds: config.executionWindowSeconds,
      runPlaybookTimeoutSeconds: config.runPlaybookTimeoutSeconds,
      functions: {
        parkTaskToken: this.functions.get('ParkTaskToken'),
        runPlaybook: this.functions.get('RunPlaybook'),
        recordExpiry: this.functions.get('RecordExpiry'),
        recordFailure: this.functions.get('RecordFailure'),
      },
    });

    this.api = new OrchestratorApi(this, 'Api', {
      functions: this.functions,
      authorizerCacheTtlSeconds: config.authorizerCacheTtlSeconds,
    });

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
  }
}
