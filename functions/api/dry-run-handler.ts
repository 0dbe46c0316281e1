import { dryRunPlaybook } from '../adapters/dry-run-service';
import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import { defaultApprovalPolicy, modeFor } from '../core/approval-policy';
import { DependencyUnavailableError, ValidationError } from '../core/errors';
import type { Orchestration } from '../core/orchestration';
import { recordDryRun } from '../core/orchestration-transitions';
import { validatePlaybookParameters } from '../core/parameter-validation';
import type { Playbook } from '../core/playbook';
import { findCatalogPlaybook } from '../core/playbook-catalog';
import { createApiHandler, jsonResponse } from './api-handler';
import { DryRunRequestSchema } from './request-schemas';

const deps = serviceDependencies();

/** `POST /orchestrations/{id}/dry-run`: validates the chosen playbook and starts the workflow. */
export const handler = createApiHandler(
  'DryRun',
  async (request) => {
    const principal = request.principal();
    const orchestrationId = request.orchestrationId();
    const body = request.body(DryRunRequestSchema);
    const { config, store } = deps;

    const current = await store.loadForOrg(orchestrationId, principal.org);
    const playbook = choosePlaybook(current, body.playbookId);
    const dryRun = await dryRunPlaybook(
      playbook,
      body.parameters ?? {},
      config.REGISTRY_URL,
      config.INTEGRATION_TIMEOUT_MS,
    );

    const policy = defaultApprovalPolicy({
      approvalWindowSeconds: config.APPROVAL_WINDOW_SECONDS,
      executionWindowSeconds: config.EXECUTION_WINDOW_SECONDS,
    });
    const mode = modeFor(policy, playbook, dryRun);
    const data = {
      playbook: selectionOf(playbook),
      parameters: validatePlaybookParameters(playbook, body.parameters ?? {}).parameters,
      dryRun,
      mode,
      requiredApprovals: policy.requiredApprovals[playbook.risk],
      approvalWindowSeconds: policy.approvalWindowSeconds,
      executionWindowSeconds: policy.executionWindowSeconds,
    };
    const at = new Date().toISOString();
    const { state } = await store.transition(orchestrationId, (latest) =>
      recordDryRun(latest, principal, data, at),
    );
    logger.info('Dry-run recorded', { valid: dryRun.valid, source: dryRun.source, mode });

    if (dryRun.valid) await startWorkflow(orchestrationId, state);
    return jsonResponse(200, { status: state.status, dryRun: state.dryRun });
  },
  () => deps.config.MAX_BODY_BYTES,
);

function choosePlaybook(state: Orchestration, playbookId: string | undefined): Playbook {
  const id = playbookId ?? state.recommendations[0]?.playbookId ?? '';
  const playbook = findCatalogPlaybook(id);
  if (!playbook) {
    throw new ValidationError([{ field: 'playbookId', message: 'is not a known playbook' }]);
  }
  return playbook;
}

function selectionOf(playbook: Playbook) {
  const { id, version, name, risk, preApproved } = playbook;
  return { id, version, name, risk, preApproved };
}

async function startWorkflow(orchestrationId: string, state: Orchestration): Promise<void> {
  try {
    await deps.workflow.start(orchestrationId, state.mode ?? 'manual');
  } catch (error) {
    // The dry-run is recorded; approving later starts the same (name-idempotent) workflow.
    throw new DependencyUnavailableError(
      'step-functions',
      'The dry-run passed and is recorded, but its workflow could not be started; ' +
        'approving the orchestration starts it',
      { cause: error },
    );
  }
}
