import { ArnFormat, Duration, RemovalPolicy, type Stack, Token } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  type Chain,
  Choice,
  Condition,
  DefinitionBody,
  Fail,
  IntegrationPattern,
  JitterType,
  JsonPath,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  type TaskStateBase,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge } from './nag-acknowledgements';

/** The Lambda functions the state machine invokes. */
export interface WorkflowFunctions {
  readonly parkTaskToken: IFunction;
  readonly runPlaybook: IFunction;
  readonly recordExpiry: IFunction;
  readonly recordFailure: IFunction;
}

/** Props of {@link OrchestrationWorkflow}. */
export interface OrchestrationWorkflowProps {
  /** Fixed name, so functions can be granted access by ARN before the machine exists. */
  readonly stateMachineName: string;
  readonly functions: WorkflowFunctions;
  readonly approvalWindowSeconds: number;
  readonly executionWindowSeconds: number;
  readonly runPlaybookTimeoutSeconds: number;
  /** Days the execution log group keeps its events. */
  readonly logRetentionDays: number;
}

/** ARNs of a state machine and of its executions, built from its name alone. */
export interface WorkflowArns {
  readonly stateMachineArn: string;
  readonly executionArns: string;
}

/** Step Functions allows 80 characters in a state machine name. */
const MAX_STATE_MACHINE_NAME = 80;

/** The state machine name for a stack; throws when the stack name makes it too long. */
export function stateMachineNameFor(stackName: string): string {
  const name = `${stackName}-orchestration`;
  if (Token.isUnresolved(stackName) || name.length > MAX_STATE_MACHINE_NAME) {
    throw new RangeError(
      `State machine name "${name}" must be a literal of at most ${MAX_STATE_MACHINE_NAME} ` +
        'characters: give the stack a literal stackName of at most 66 characters.',
    );
  }

  return name;
}

/** Builds the ARNs with `Stack.formatArn`, so granting them references no construct. */
export function workflowArns(stack: Stack, stateMachineName: string): WorkflowArns {
  const arn = (resource: string, resourceName: string): string =>
    stack.formatArn({
      service: 'states',
      resource,
      resourceName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

  return {
    stateMachineArn: arn('stateMachine', stateMachineName),
    executionArns: arn('execution', `${stateMachineName}:*`),
  };
}

/**
 * The orchestration state machine (Standard). Input `{orchestrationId, mode}`.
 *
 * - `RouteByMode` (Choice): `mode == 'auto'` → `RunPlaybook`, otherwise → `AwaitApproval`.
 * - `AwaitApproval` (ParkTaskToken, waitForTaskToken, approval window): the decision's output
 *   lands in `$.approval` → `AwaitExecution`; `States.Timeout` → `ExpireApproval`;
 *   `Rejected` (SendTaskFailure) → `Rejected` (Succeed).
 * - `ExpireApproval` (RecordExpiry, returns `{expired}` in `$.expiry`) → `ApprovalExpired?`:
 *   expired (recorded now, or the orchestration already ended by rejection or cancellation)
 *   → `Expired` (Succeed); otherwise the approval beat the timer → `AwaitExecution`.
 * - `AwaitExecution` (ParkTaskToken, waitForTaskToken, execution window): output in
 *   `$.release` → `RunPlaybook`; `States.Timeout` → `ExpireExecution` → `ExecutionExpired?`:
 *   expired → `Expired`, otherwise → `RunPlaybook`.
 * - `RunPlaybook` (returns the run in `$.run`, records the outcome itself; End): retries
 *   `RuntimeUnavailable` 3 times from 2 s with full jitter; any other failure, timeout or
 *   exhausted retry → `RecordFailure` with `$.error` → `PlaybookFailed` (Fail).
 *
 * Every Lambda task keeps CDK's retry on Lambda service errors. Errors of ParkTaskToken or
 * RecordExpiry are not caught: they fail the execution.
 *
 * Executions are traced and every event is logged, without execution data: inputs and outputs
 * carry task tokens, which must not reach a log group.
 */
export class OrchestrationWorkflow extends Construct {
  /** The deployed state machine. */
  readonly stateMachine: StateMachine;
  /** Where the state machine logs its execution events. */
  readonly logGroup: LogGroup;
  /** The functions its tasks invoke. */
  readonly invokedFunctions: readonly IFunction[];

  constructor(scope: Construct, id: string, props: OrchestrationWorkflowProps) {
    super(scope, id);

    this.invokedFunctions = Object.values(props.functions);
    const expired = new Succeed(this, 'Expired');
    const runPlaybook = this.runPlaybook(props);
    const awaitExecution = this.awaitExecution(props, runPlaybook, expired);
    const awaitApproval = this.awaitApproval(props, awaitExecution, expired);
    const routeByMode = new Choice(this, 'RouteByMode')
      .when(Condition.stringEquals('$.mode', 'auto'), runPlaybook)
      .otherwise(awaitApproval);

    this.logGroup = new LogGroup(this, 'ExecutionLogs', {
      // The vendedlogs prefix keeps the account's CloudWatch Logs resource policy small.
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: props.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(routeByMode),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });
    acknowledge(this.stateMachine.role, 'stateMachineLogDelivery');
  }

  private awaitApproval(
    props: OrchestrationWorkflowProps,
    awaitExecution: Chain,
    expired: Succeed,
  ): Chain {
    const approvalExpired = new Choice(this, 'ApprovalExpired?')
      .when(Condition.booleanEquals('$.expiry.expired', true), expired)
      .otherwise(awaitExecution);
    const expire = this.recordExpiry('ExpireApproval', 'approval', props).next(approvalExpired);

    return this.parkTaskToken('AwaitApproval', 'approval', props.approvalWindowSeconds, props)
      .addCatch(expire, { errors: ['States.Timeout'], resultPath: '$.error' })
      .addCatch(new Succeed(this, 'Rejected'), { errors: ['Rejected'], resultPath: '$.error' })
      .next(awaitExecution);
  }

  private awaitExecution(
    props: OrchestrationWorkflowProps,
    runPlaybook: TaskStateBase,
    expired: Succeed,
  ): Chain {
    const executionExpired = new Choice(this, 'ExecutionExpired?')
      .when(Condition.booleanEquals('$.expiry.expired', true), expired)
      .otherwise(runPlaybook);
    const expire = this.recordExpiry('ExpireExecution', 'execution', props).next(executionExpired);

    return this.parkTaskToken('AwaitExecution', 'execution', props.executionWindowSeconds, props)
      .addCatch(expire, { errors: ['States.Timeout'], resultPath: '$.error' })
      .next(runPlaybook);
  }

  private parkTaskToken(
    id: string,
    stage: 'approval' | 'execution',
    windowSeconds: number,
    props: OrchestrationWorkflowProps,
  ): LambdaInvoke {
    // payloadResponseOnly cannot be combined with a callback; the output is the task result.
    return new LambdaInvoke(this, id, {
      lambdaFunction: props.functions.parkTaskToken,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({
        orchestrationId: JsonPath.stringAt('$.orchestrationId'),
        stage,
        taskToken: JsonPath.taskToken,
      }),
      taskTimeout: Timeout.duration(Duration.seconds(windowSeconds)),
      resultPath: stage === 'approval' ? '$.approval' : '$.release',
    });
  }

  private recordExpiry(
    id: string,
    stage: 'approval' | 'execution',
    props: OrchestrationWorkflowProps,
  ): LambdaInvoke {
    return new LambdaInvoke(this, id, {
      lambdaFunction: props.functions.recordExpiry,
      payloadResponseOnly: true,
      payload: TaskInput.fromObject({
        orchestrationId: JsonPath.stringAt('$.orchestrationId'),
        stage,
      }),
      resultPath: '$.expiry',
    });
  }

  private runPlaybook(props: OrchestrationWorkflowProps): TaskStateBase {
    const recordFailure = new LambdaInvoke(this, 'RecordFailure', {
      lambdaFunction: props.functions.recordFailure,
      payloadResponseOnly: true,
      payload: TaskInput.fromObject({
        orchestrationId: JsonPath.stringAt('$.orchestrationId'),
        error: JsonPath.objectAt('$.error'),
      }),
      resultPath: JsonPath.DISCARD,
    }).next(new Fail(this, 'PlaybookFailed', { error: 'PlaybookFailed' }));

    return new LambdaInvoke(this, 'RunPlaybook', {
      lambdaFunction: props.functions.runPlaybook,
      payloadResponseOnly: true,
      // The retry count lets the run's logs say which workflow attempt they belong to.
      payload: TaskInput.fromObject({
        orchestrationId: JsonPath.stringAt('$.orchestrationId'),
        attempt: JsonPath.numberAt('$$.State.RetryCount'),
      }),
      taskTimeout: Timeout.duration(Duration.seconds(props.runPlaybookTimeoutSeconds)),
      resultPath: '$.run',
    })
      .addRetry({
        errors: ['RuntimeUnavailable'],
        interval: Duration.seconds(2),
        maxAttempts: 3,
        backoffRate: 2,
        jitterStrategy: JitterType.FULL,
      })
      .addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });
  }
}
