import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import type { LocalEndpoints } from '../../local/local-stack';
import { localCredentials } from '../../local/local-tables';

function sfnClient(endpoints: LocalEndpoints): SFNClient {
  return new SFNClient({
    endpoint: endpoints.stepFunctions,
    region: endpoints.region,
    credentials: localCredentials(),
  });
}

function executionArn(endpoints: LocalEndpoints, orchestrationId: string): string {
  return `${endpoints.stateMachineArn.replace(':stateMachine:', ':execution:')}:${orchestrationId}`;
}

/** The status of an orchestration's state machine execution, read through the SFN API. */
export async function executionStatus(endpoints: LocalEndpoints, orchestrationId: string) {
  const client = sfnClient(endpoints);
  try {
    const arn = executionArn(endpoints, orchestrationId);
    const result = await client.send(new DescribeExecutionCommand({ executionArn: arn }));
    return result.status;
  } finally {
    client.destroy();
  }
}

/** How many tasks of the execution completed successfully (each wait completes once). */
export async function succeededTasks(endpoints: LocalEndpoints, orchestrationId: string) {
  const client = sfnClient(endpoints);
  try {
    const arn = executionArn(endpoints, orchestrationId);
    const history = await client.send(
      new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }),
    );
    return (history.events ?? []).filter((event) => event.type === 'TaskSucceeded').length;
  } finally {
    client.destroy();
  }
}
