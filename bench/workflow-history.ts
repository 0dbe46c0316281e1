import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { logicalIdOfLocalFunctionArn } from '../local/sfn/definition-loader';

/** One Lambda invocation the state machine made, read from the execution history. */
export interface WorkflowInvocation {
  /** Handler name from `infra/handlers.ts`, or the logical id when it is not known. */
  handler: string;
  /** `waitForTaskToken` tasks last until the token is released, not as long as the Lambda. */
  callback: boolean;
  /** From TaskScheduled to the task's end; the Lambda's duration only when not a callback. */
  taskMs?: number;
}

const TASK_ENDINGS = new Set(['TaskSucceeded', 'TaskFailed', 'TaskTimedOut']);
const CLOSE_TIMEOUT_MS = 15_000;
const MAX_HISTORY_PAGES = 20;

/** The emulator's Step Functions API, as the handlers' SDK client sees it. */
export function emulatorClient(endpoint: string, region: string): SFNClient {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  return new SFNClient({ endpoint, region, credentials });
}

/** The execution the workflow client names after an orchestration. */
export function executionArnOf(stateMachineArn: string, orchestrationId: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${orchestrationId}`;
}

/** Waits until the execution is no longer RUNNING and returns its status. Bounded by time. */
export async function waitForClose(client: SFNClient, executionArn: string): Promise<string> {
  const deadline = Date.now() + CLOSE_TIMEOUT_MS;
  for (;;) {
    const { status } = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING' || Date.now() > deadline) return String(status);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every Lambda invocation in the execution's history, counted from its TaskScheduled events. */
export async function workflowInvocations(
  client: SFNClient,
  executionArn: string,
  handlerOfLogicalId: ReadonlyMap<string, string>,
): Promise<WorkflowInvocation[]> {
  const events = await historyOf(client, executionArn);
  const invocations: WorkflowInvocation[] = [];

  for (const [index, event] of events.entries()) {
    if (event.type !== 'TaskScheduled') continue;
    const details = event.taskScheduledEventDetails;
    const logicalId = logicalIdOfLocalFunctionArn(functionNameOf(details?.parameters)) ?? '';
    const end = events.slice(index + 1).find((later) => TASK_ENDINGS.has(later.type ?? ''));
    invocations.push({
      handler: handlerOfLogicalId.get(logicalId) ?? (logicalId || 'unknown'),
      callback: String(details?.resource).includes('waitForTaskToken'),
      taskMs: end ? millisecondsBetween(event, end) : undefined,
    });
  }
  return invocations;
}

async function historyOf(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_HISTORY_PAGES; page += 1) {
    const answer = await client.send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
    events.push(...(answer.events ?? []));
    nextToken = answer.nextToken;
    if (!nextToken) break;
  }
  return events;
}

function functionNameOf(parameters: string | undefined): string {
  try {
    const value = JSON.parse(parameters ?? '{}') as { FunctionName?: unknown };
    return typeof value.FunctionName === 'string' ? value.FunctionName : '';
  } catch {
    return '';
  }
}

function millisecondsBetween(start: HistoryEvent, end: HistoryEvent): number | undefined {
  if (!start.timestamp || !end.timestamp) return undefined;
  return end.timestamp.getTime() - start.timestamp.getTime();
}
