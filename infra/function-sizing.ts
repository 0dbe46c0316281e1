/** Memory and timeout of one function; docs/deployment.md explains each choice. */
export interface FunctionSizing {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
}

/** Functions that sit behind API Gateway must answer within its 29-second integration limit. */
const API_ROUTE: FunctionSizing = { memoryMb: 256, timeoutSeconds: 15 };
/** Reads only: a few DynamoDB round trips, no outbound integration call. */
const API_READ: FunctionSizing = { memoryMb: 256, timeoutSeconds: 10 };
/** Workflow steps: DynamoDB and Step Functions calls with SDK retries, no integration call. */
const WORKFLOW_STEP: FunctionSizing = { memoryMb: 256, timeoutSeconds: 15 };

/**
 * Memory and timeout per handler name. The playbook run takes its timeout from configuration
 * (`runPlaybookTimeoutSeconds`), so it is not listed here.
 */
const SIZING: Readonly<Record<string, FunctionSizing>> = {
  // On the path of every request whose policy is not cached: CPU grows with memory, and
  // signature checks and cold starts are CPU-bound; a JWKS fetch times out after 2 s.
  Authorizer: { memoryMb: 512, timeoutSeconds: 10 },
  // Reads its configuration and probes configured integrations (1 s each, in parallel).
  Health: { memoryMb: 128, timeoutSeconds: 5 },
  Metrics: API_READ,
  ListOrchestrations: API_READ,
  GetOrchestration: API_READ,
  GetAudit: API_READ,
  GetPolicies: API_READ,
  // Idempotency record, policy chain head and event: DynamoDB only.
  PutPolicies: { memoryMb: 256, timeoutSeconds: 10 },
  // May call the recommender or the registry (5 s integration timeout) before writing.
  Orchestrate: API_ROUTE,
  DryRun: API_ROUTE,
  // DynamoDB writes, then Step Functions calls with the client's own retries.
  Approve: API_ROUTE,
  Reject: API_ROUTE,
  Execute: API_ROUTE,
  Cancel: API_ROUTE,
  ParkTaskToken: WORKFLOW_STEP,
  RecordExpiry: WORKFLOW_STEP,
  RecordFailure: WORKFLOW_STEP,
};

/** Name of the handler whose timeout is the configured playbook run timeout. */
export const RUN_PLAYBOOK_HANDLER = 'RunPlaybook';

/** Memory of the playbook run: it waits on the runtime agent and needs little CPU. */
const RUN_PLAYBOOK_MEMORY_MB = 256;

/** The sizing of a handler; throws naming the handler when it has none. */
export function sizingOf(name: string, runPlaybookTimeoutSeconds: number): FunctionSizing {
  if (name === RUN_PLAYBOOK_HANDLER) {
    return { memoryMb: RUN_PLAYBOOK_MEMORY_MB, timeoutSeconds: runPlaybookTimeoutSeconds };
  }

  const sizing = SIZING[name];
  if (sizing === undefined) {
    throw new RangeError(
      `Handler ${name} has no memory and timeout: add it to infra/function-sizing.ts ` +
        'and to the sizing table of docs/deployment.md.',
    );
  }

  return sizing;
}
