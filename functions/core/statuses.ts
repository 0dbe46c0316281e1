/** Every status an orchestration can be in. */
export const ORCHESTRATION_STATUSES = [
  'SUGGESTED',
  'DRY_RUN_FAILED',
  'AWAITING_APPROVAL',
  'APPROVED',
  'EXECUTING',
  'SUCCEEDED',
  'FAILED',
  'REJECTED',
  'EXPIRED',
  'CANCELLED',
] as const;

/** Where an orchestration stands in suggest → dry-run → approve → execute. */
export type OrchestrationStatus = (typeof ORCHESTRATION_STATUSES)[number];

const TERMINAL_STATUSES: ReadonlySet<OrchestrationStatus> = new Set([
  'SUCCEEDED',
  'FAILED',
  'REJECTED',
  'EXPIRED',
  'CANCELLED',
]);

/** Whether nothing can happen to an orchestration any more. */
export function isTerminal(status: OrchestrationStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** How an orchestration that passed its dry-run proceeds: a human approves, or policy does. */
export type SafetyMode = 'manual' | 'auto';

/** The two waits of the state machine, each holding a task token. */
export type WaitStage = 'approval' | 'execution';
