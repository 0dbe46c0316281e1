import type { Orchestration } from '../core/orchestration';
import type { WaitStage } from '../core/statuses';
import type { OrchestrationStore } from './orchestration-store';
import type { TaskReleaseOutcome, WorkflowClient } from './workflow-client';

/** What a wait needs, given the recorded decisions: release it, fail it, or keep waiting. */
type WaitVerdict = { action: 'release' } | { action: 'fail'; error: string } | { action: 'wait' };

const PAST_APPROVAL = new Set(['APPROVED', 'EXECUTING', 'SUCCEEDED', 'FAILED']);
const PAST_EXECUTION = new Set(['EXECUTING', 'SUCCEEDED', 'FAILED']);

/** Whether the recorded state lets a wait of the workflow go on. */
export function verdictFor(state: Orchestration, stage: WaitStage): WaitVerdict {
  if (stage === 'approval' && state.status === 'REJECTED') {
    return { action: 'fail', error: 'Rejected' };
  }

  const past = stage === 'approval' ? PAST_APPROVAL : PAST_EXECUTION;
  return past.has(state.status) ? { action: 'release' } : { action: 'wait' };
}

/**
 * The rendezvous of a decision and a parked task token. Both the decision handler (after
 * recording) and the parking handler (after storing the token) call this; whichever comes
 * second finds both and releases the wait. A second release is harmless.
 */
export async function releaseDecidedWait(
  store: OrchestrationStore,
  workflow: WorkflowClient,
  state: Orchestration,
  stage: WaitStage,
): Promise<TaskReleaseOutcome | 'waiting'> {
  const verdict = verdictFor(state, stage);
  if (verdict.action === 'wait') return 'waiting';

  const taskToken = await store.readTaskToken(state.orchestrationId, stage);
  if (!taskToken) return 'waiting';

  const outcome =
    verdict.action === 'release'
      ? await workflow.releaseTask(taskToken, { status: state.status, version: state.version })
      : await workflow.failTask(taskToken, verdict.error, `Orchestration ${state.status}`);

  await store.deleteTaskToken(state.orchestrationId, stage, taskToken);
  return outcome;
}
