/** A Lambda function of the service: its name in the stack and its source entry. */
export interface HandlerDefinition {
  name: string;
  entry: string;
  /** What the function does, for its description in the console. */
  description: string;
}

/** Every Lambda handler of the service. Entries are relative to the repository root. */
export const HANDLERS: readonly HandlerDefinition[] = [
  {
    name: 'Authorizer',
    entry: 'functions/authorizer/authorizer-handler.ts',
    description: 'Verifies JWTs and returns a route-enumerating policy',
  },
  { name: 'Health', entry: 'functions/api/health-handler.ts', description: 'GET /health' },
  { name: 'Metrics', entry: 'functions/api/metrics-handler.ts', description: 'GET /metrics' },
  {
    name: 'Orchestrate',
    entry: 'functions/api/orchestrate-handler.ts',
    description: 'POST /orchestrate',
  },
  {
    name: 'ListOrchestrations',
    entry: 'functions/api/list-orchestrations-handler.ts',
    description: 'GET /orchestrations',
  },
  {
    name: 'GetOrchestration',
    entry: 'functions/api/get-orchestration-handler.ts',
    description: 'GET /orchestrations/{id}',
  },
  {
    name: 'GetAudit',
    entry: 'functions/api/get-audit-handler.ts',
    description: 'GET /orchestrations/{id}/audit',
  },
  {
    name: 'DryRun',
    entry: 'functions/api/dry-run-handler.ts',
    description: 'POST /orchestrations/{id}/dry-run',
  },
  {
    name: 'Approve',
    entry: 'functions/api/approve-handler.ts',
    description: 'POST /orchestrations/{id}/approve',
  },
  {
    name: 'Reject',
    entry: 'functions/api/reject-handler.ts',
    description: 'POST /orchestrations/{id}/reject',
  },
  {
    name: 'Execute',
    entry: 'functions/api/execute-handler.ts',
    description: 'POST /orchestrations/{id}/execute',
  },
  {
    name: 'Cancel',
    entry: 'functions/api/cancel-handler.ts',
    description: 'POST /orchestrations/{id}/cancel',
  },
  {
    name: 'GetPolicies',
    entry: 'functions/api/get-policies-handler.ts',
    description: 'GET /policies',
  },
  {
    name: 'PutPolicies',
    entry: 'functions/api/put-policies-handler.ts',
    description: 'PUT /policies',
  },
  {
    name: 'ParkTaskToken',
    entry: 'functions/workflow/park-task-token-handler.ts',
    description: 'Stores a task token and releases it if the decision is already recorded',
  },
  {
    name: 'RunPlaybook',
    entry: 'functions/workflow/run-playbook-handler.ts',
    description: 'Runs the approved playbook through the runtime agent and records the outcome',
  },
  {
    name: 'RecordExpiry',
    entry: 'functions/workflow/record-expiry-handler.ts',
    description: 'Records an approval or execution window that closed',
  },
  {
    name: 'RecordFailure',
    entry: 'functions/workflow/record-failure-handler.ts',
    description: 'Records a playbook run that failed after its retries',
  },
];
