import type { DryRunCheck, DryRunResult } from '../core/dry-run';
import type { Playbook } from '../core/playbook';
import { simulateDryRun } from '../core/simulated-dry-run';
import { integrationClient } from './integration-client';
import { RegistryDryRunAnswerSchema } from './integration-contracts';
import { IntegrationError, isTransientFailure, parseAnswer } from './json-http-client';
import { processServiceConfig } from './service-config';
import { logger } from './service-logger';

/**
 * Validates a playbook run: by the registry when one is configured, otherwise by the
 * labelled simulation. A configured registry that fails gives a failed dry-run naming the
 * reason, never a simulated pass: the registry fails closed.
 */
export async function dryRunPlaybook(
  playbook: Playbook,
  parameters: Record<string, unknown>,
  registryUrl: string | undefined,
  timeoutMs: number,
): Promise<DryRunResult> {
  if (!registryUrl) {
    return simulateDryRun(playbook, parameters);
  }

  const config = { ...processServiceConfig(), INTEGRATION_TIMEOUT_MS: timeoutMs };
  const registry = integrationClient('registry', registryUrl, config);
  const path = `playbooks/${encodeURIComponent(playbook.id)}/dry-run`;
  try {
    // The contract makes a dry-run free of side effects, so repeating it is safe.
    const body = { version: playbook.version, parameters };
    const answer = await registry.post(path, body, { retry: true });
    const verdict = parseAnswer(RegistryDryRunAnswerSchema, answer, 'registry');
    return { ...verdict, source: 'registry' };
  } catch (error) {
    logger.warn('Registry dry-run failed; failing closed', { dependency: 'registry', error });
    return { valid: false, source: 'registry', checks: [failedCheck(playbook, error)] };
  }
}

function failedCheck(playbook: Playbook, error: unknown): DryRunCheck {
  if (error instanceof IntegrationError && error.status === 404) {
    const detail = `the registry does not know ${playbook.id}@${playbook.version}`;
    return { name: 'playbook-known', passed: false, detail };
  }

  const reason = error instanceof Error ? error.message : 'the registry failed';
  return { name: checkName(error), passed: false, detail: `${reason}; the dry-run fails closed` };
}

/** Names the failed check after what went wrong: no answer, a refusal, or a broken answer. */
function checkName(error: unknown): string {
  if (!(error instanceof IntegrationError) || isTransientFailure(error)) {
    return 'registry-reachable';
  }
  if (error.reason === 'http-status') return 'registry-accepted';
  return error.reason === 'malformed-response' ? 'registry-answer-valid' : 'registry-reachable';
}
