import type { DryRunResult } from '../core/dry-run';
import { DryRunResultSchema } from '../core/dry-run';
import type { Playbook } from '../core/playbook';
import { simulateDryRun } from '../core/simulated-dry-run';
import { postJson } from './json-http-client';
import { withSlash } from './recommendation-service';
import { logger } from './service-logger';

/**
 * Validates a playbook run: by the registry when one is configured, otherwise by the
 * labelled simulation. A configured registry that fails gives a failed dry-run, never a
 * simulated pass: the registry fails closed.
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

  const url = new URL(
    `playbooks/${encodeURIComponent(playbook.id)}/dry-run`,
    withSlash(registryUrl),
  );
  try {
    const answer = await postJson(
      url.href,
      { version: playbook.version, parameters },
      { timeoutMs },
    );
    return DryRunResultSchema.parse({ ...(answer as object), source: 'registry' });
  } catch (error) {
    logger.warn('Registry dry-run failed; failing closed', { error });
    const detail = error instanceof Error ? error.message : 'the registry failed';
    return {
      valid: false,
      source: 'registry',
      checks: [{ name: 'registry-reachable', passed: false, detail }],
    };
  }
}
