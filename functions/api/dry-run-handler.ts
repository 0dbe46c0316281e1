import { dryRunPlaybook } from '../adapters/dry-run-service';
import { findPlaybook } from '../adapters/playbook-source';
import { serviceDependencies } from '../adapters/service-dependencies';
import { logger } from '../adapters/service-logger';
import {
  AUTOMATIC_APPROVAL_RULE,
  allowsAutomaticExecution,
  type PolicyInForce,
  planDigest,
} from '../core/approval-policy';
import type { DryRunResult } from '../core/dry-run';
import { DependencyUnavailableError, ValidationError } from '../core/errors';
import type { Orchestration } from '../core/orchestration';
import type { DryRunData } from '../core/orchestration-reducer';
import { type Principal, recordDryRun } from '../core/orchestration-transitions';
import { validatePlaybookParameters } from '../core/parameter-validation';
import type { Playbook } from '../core/playbook';
import { createApiHandler, jsonResponse } from './api-handler';
import { runIdempotently } from './idempotent-request';
import { type DryRunRequest, DryRunRequestSchema } from './request-schemas';

const deps = serviceDependencies();

/** `POST /orchestrations/{id}/dry-run`: validates the chosen playbook and starts the workflow. */
export const handler = createApiHandler(
  'DryRun',
  async (request) => {
    const principal = request.principal();
    const orchestrationId = request.orchestrationId();
    const body = request.body(DryRunRequestSchema);

    return runIdempotently(request, principal, `dry-run:${orchestrationId}`, body, () =>
      dryRun(orchestrationId, principal, body),
    );
  },
  () => deps.config.MAX_BODY_BYTES,
);

async function dryRun(orchestrationId: string, principal: Principal, body: DryRunRequest) {
  const { store, policies } = deps;
  const current = await store.loadForOrg(orchestrationId, principal.org);
  const parameters = body.parameters ?? {};
  const { playbook, result } = await validatePlan(current, body.playbookId, parameters);

  const inForce = await policies.load(principal.org);
  const data = dryRunData(playbook, parameters, result, inForce);
  const at = new Date().toISOString();
  const { state } = await store.transition(orchestrationId, (latest) =>
    recordDryRun(latest, principal, data, at),
  );
  logger.info('Dry-run recorded', { valid: result.valid, source: result.source, mode: data.mode });

  if (result.valid) await startWorkflow(orchestrationId, state);
  return jsonResponse(200, { status: state.status, dryRun: state.dryRun });
}

function dryRunData(
  playbook: Playbook,
  supplied: Record<string, string | number | boolean>,
  dryRun: DryRunResult,
  inForce: PolicyInForce,
): DryRunData {
  const { policy, version: policyVersion } = inForce;
  const parameters = validatePlaybookParameters(playbook, supplied).parameters;
  const automatic = allowsAutomaticExecution(policy, playbook, dryRun);
  const plan = { playbookId: playbook.id, playbookVersion: playbook.version, parameters, dryRun };

  return {
    playbook: selectionOf(playbook),
    parameters,
    dryRun,
    mode: automatic ? 'auto' : 'manual',
    requiredApprovals: policy.requiredApprovals[playbook.risk],
    approvalWindowSeconds: deps.config.APPROVAL_WINDOW_SECONDS,
    executionWindowSeconds: deps.config.EXECUTION_WINDOW_SECONDS,
    policyVersion,
    planDigest: planDigest({ ...plan, policyVersion }),
    automaticApproval: automatic ? { policyVersion, rule: AUTOMATIC_APPROVAL_RULE } : undefined,
  };
}

/**
 * Finds the playbook and dry-runs it. A registry that cannot even describe the playbook
 * fails the dry-run closed, recorded with the reason, under the most cautious risk.
 */
async function validatePlan(
  state: Orchestration,
  playbookId: string | undefined,
  parameters: Record<string, string | number | boolean>,
): Promise<{ playbook: Playbook; result: DryRunResult }> {
  const { config } = deps;
  const id = playbookId ?? state.recommendations[0]?.playbookId ?? '';
  let playbook: Playbook | undefined;
  try {
    playbook = await findPlaybook(id, config);
  } catch (error) {
    if (!(error instanceof DependencyUnavailableError)) throw error;
    return { playbook: unresolvedPlaybook(id), result: registryUnavailable(error) };
  }

  if (!playbook) {
    throw new ValidationError([{ field: 'playbookId', message: 'is not a known playbook' }]);
  }
  const result = await dryRunPlaybook(
    playbook,
    parameters,
    config.REGISTRY_URL,
    config.INTEGRATION_TIMEOUT_MS,
  );
  return { playbook, result };
}

function unresolvedPlaybook(id: string): Playbook {
  const description = 'The registry could not describe this playbook';
  return {
    ...{ id, version: 'unknown', name: id, description, risk: 'critical', preApproved: false },
    ...{ parameters: [], steps: [], keywords: [], signals: [] },
  };
}

function registryUnavailable(error: DependencyUnavailableError): DryRunResult {
  const check = { name: 'registry-reachable', passed: false, detail: error.message };
  return { valid: false, checks: [check], source: 'registry' };
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
