import type { AuditEventDraft } from '../functions/core/audit-event';

/** What the benchmark asks the stack's process to record for an auto-mode orchestration. */
export interface AutoDryRunRequest {
  orchestrationId: string;
  /** The `sub` of the caller who asked for the dry-run. */
  requester: string;
  /** The data of a passed manual dry-run of the same playbook, recorded through the API. */
  dryRunData: Record<string, unknown>;
}

/** What became of it: the status the projection reached and the execution started. */
export interface AutoDryRunResult {
  status: string;
  executionArn: string;
}

/**
 * Takes a SUGGESTED orchestration to EXECUTING the way the dry-run handler would in auto mode:
 * one `DRY_RUN_PASSED` audit event through the handlers' own store (so its DynamoDB requests
 * are the handler's), then the workflow started with `mode: 'auto'` through the handlers' own
 * Step Functions client. Auto mode cannot be reached through the API while every organisation
 * runs the default (manual) policy; only the recorded mode differs from a manual dry-run.
 * Runs inside the stack's process, after `startLocalStack` has set the environment.
 */
export async function recordAutoDryRun(request: AutoDryRunRequest): Promise<AutoDryRunResult> {
  const { serviceDependencies } = await import('../functions/adapters/service-dependencies');
  const { store, workflow } = serviceDependencies();
  const draft: AuditEventDraft = {
    type: 'DRY_RUN_PASSED',
    at: new Date().toISOString(),
    actor: { kind: 'user', id: request.requester },
    data: { ...request.dryRunData, mode: 'auto' },
  };

  const { state } = await store.transition(request.orchestrationId, (current) =>
    current.status === 'SUGGESTED' ? draft : undefined,
  );
  const executionArn = await workflow.start(request.orchestrationId, 'auto');
  return { status: state.status, executionArn };
}
