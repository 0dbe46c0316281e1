import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials } from '../../local/local-tables';
import { refusingUrl } from '../support/fake-service';
import { type StackFixture, startStackFixture } from '../support/local-stack-fixture';
import { executeToEnd } from './execution-steps';

let fixture: StackFixture;
let tokens: { engineer: string; admin: string };

beforeAll(async () => {
  Object.assign(process.env, {
    INTEGRATION_TIMEOUT_MS: '500',
    INTEGRATION_MAX_ATTEMPTS: '3',
    INTEGRATION_BREAKER_THRESHOLD: '5',
    INTEGRATION_BREAKER_COOLDOWN_MS: '60000',
  });
  fixture = await startStackFixture({ runtimeUrl: await refusingUrl() });
  tokens = {
    engineer: await fixture.token('engineer-1'),
    admin: await fixture.token('admin-1', 'org-a', ['org-admin']),
  };
});

afterAll(() => fixture?.stop());

/** The errors of the failed task attempts in the execution history, oldest first. */
async function failedTaskErrors(id: string): Promise<string[]> {
  const { endpoints } = fixture.stack;
  const client = new SFNClient({
    endpoint: endpoints.stepFunctions,
    region: endpoints.region,
    credentials: localCredentials(),
  });
  const executionArn = `${endpoints.stateMachineArn.replace(':stateMachine:', ':execution:')}:${id}`;
  const history = await client.send(
    new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }),
  );
  client.destroy();

  return (history.events ?? [])
    .filter((event) => event.type === 'TaskFailed')
    .map((event) => String(event.taskFailedEventDetails?.error));
}

describe('RunPlaybook with a runtime agent that is down throughout', () => {
  it('records FAILED after bounded retries, with the reason and the attempts audited', async () => {
    const { id, status, execution, audited } = await executeToEnd(fixture, tokens, 40_000);

    // Three calls in the first invocation, two more open the circuit; the rest fail fast.
    const reason =
      /^RuntimeUnavailable: runtime circuit is open after 5 consecutive failures \(last: runtime is unreachable \(ECONNREFUSED\)\)/;
    expect(status).toBe('FAILED');
    expect(execution).toMatchObject({
      outcome: 'failed',
      source: 'runtime',
      attempts: 5,
      durationMs: expect.any(Number),
    });
    expect(execution.message).toMatch(reason);
    expect(audited).toMatchObject({
      type: 'EXECUTION_FAILED',
      data: { attempts: 5, source: 'runtime' },
    });
    expect(String(audited.data.message)).toMatch(reason);
    expect(await failedTaskErrors(id)).toEqual(
      Array.from({ length: 4 }, () => 'RuntimeUnavailable'),
    );
  });
});
