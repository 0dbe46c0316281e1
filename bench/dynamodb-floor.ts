import { randomUUID } from 'node:crypto';
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type Distribution, distribution, round } from './statistics';

/** One recorded DynamoDB request to replay: its operation and wire JSON body. */
export interface FloorRequest {
  operation: string;
  body: string;
}

/** How to run the floor: the request sequence of one lifecycle, repeated. */
export interface FloorPlan {
  endpoint: string;
  region: string;
  concurrency: number;
  /** How many sequences to run, one per lifecycle of the measured level. */
  sequences: number;
  /** Requests per sequence; the template is cycled or cut to this length. */
  requestsPerSequence: number;
  template: FloorRequest[];
  /** The orchestration id inside the template, replaced by a fresh one per sequence. */
  templateId: string;
  deadlineMs: number;
}

/** What the floor achieved. */
export interface FloorResult {
  concurrency: number;
  sequences: number;
  requestsPerSequence: number;
  wallMs: number;
  sequencesPerSecond: number;
  sequenceMs: Distribution;
  /** Conditional writes that failed as they did in the recorded lifecycle. */
  conditionFailures: number;
  errors: number;
}

type SendRequest = (client: DynamoDBClient, body: string) => Promise<unknown>;

// The low-level commands take exactly the JSON that went over the wire.
const SENDERS: Record<string, SendRequest> = {
  GetItem: (client, body) => client.send(new GetItemCommand(JSON.parse(body))),
  PutItem: (client, body) => client.send(new PutItemCommand(JSON.parse(body))),
  Query: (client, body) => client.send(new QueryCommand(JSON.parse(body))),
  UpdateItem: (client, body) => client.send(new UpdateItemCommand(JSON.parse(body))),
  DeleteItem: (client, body) => client.send(new DeleteItemCommand(JSON.parse(body))),
};

/**
 * Issues the DynamoDB requests of lifecycles directly, with a bare SDK client and nothing
 * else: `concurrency` workers each replay the template sequentially under a fresh id.
 */
export async function runDynamoDbFloor(plan: FloorPlan): Promise<FloorResult> {
  // Enough sockets for every worker: the floor must not queue inside the client.
  const requestHandler = {
    httpAgent: { maxSockets: Math.max(50, plan.concurrency) },
    requestTimeout: 30_000,
  };
  const client = new DynamoDBClient({
    endpoint: plan.endpoint,
    region: plan.region,
    requestHandler,
  });
  const requests = sequenceOf(plan.template, plan.requestsPerSequence);
  const deadline = Date.now() + plan.deadlineMs;
  const outcome = { sequenceMs: [] as number[], conditionFailures: 0, errors: 0 };
  let started = 0;

  const worker = async () => {
    while (started < plan.sequences && Date.now() < deadline) {
      started += 1;
      await replaySequence(client, requests, plan.templateId, outcome);
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  const wallMs = performance.now() - begin;
  client.destroy();

  const sequences = outcome.sequenceMs.length;
  return {
    concurrency: plan.concurrency,
    sequences,
    requestsPerSequence: requests.length,
    wallMs: round(wallMs),
    sequencesPerSecond: round((sequences / wallMs) * 1000),
    sequenceMs: distribution(outcome.sequenceMs),
    conditionFailures: outcome.conditionFailures,
    errors: outcome.errors,
  };
}

function sequenceOf(template: readonly FloorRequest[], length: number): FloorRequest[] {
  if (template.length === 0) throw new RangeError('The floor needs a recorded request sequence');
  return Array.from({ length }, (_, index) => template[index % template.length] as FloorRequest);
}

async function replaySequence(
  client: DynamoDBClient,
  requests: readonly FloorRequest[],
  templateId: string,
  outcome: { sequenceMs: number[]; conditionFailures: number; errors: number },
): Promise<void> {
  const id = randomUUID();
  const begin = performance.now();
  for (const request of requests) {
    const send = SENDERS[request.operation];
    if (!send) throw new RangeError(`The floor cannot replay ${request.operation}`);
    try {
      await send(client, request.body.replaceAll(templateId, id));
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'ConditionalCheckFailedException') outcome.conditionFailures += 1;
      else outcome.errors += 1;
    }
  }
  outcome.sequenceMs.push(performance.now() - begin);
}
