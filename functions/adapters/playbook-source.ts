import { DependencyUnavailableError } from '../core/errors';
import { quoteUntrusted } from '../core/parameter-validation';
import type { Playbook } from '../core/playbook';
import { findCatalogPlaybook } from '../core/playbook-catalog';
import { integrationClient } from './integration-client';
import { PlaybookIdSchema, RegistryPlaybookSchema } from './integration-contracts';
import { IntegrationError, parseAnswer } from './json-http-client';
import type { ServiceConfig } from './service-config';

/**
 * The playbook with this id: from the built-in catalog when no registry is configured,
 * otherwise from the registry's metadata. `undefined` when the source does not know it.
 * A configured registry that cannot answer fails closed with a DependencyUnavailableError.
 */
export async function findPlaybook(
  id: string,
  config: ServiceConfig,
): Promise<Playbook | undefined> {
  if (!PlaybookIdSchema.safeParse(id).success) return undefined;
  if (!config.REGISTRY_URL) return findCatalogPlaybook(id);

  const registry = integrationClient('registry', config.REGISTRY_URL, config);
  try {
    const answer = await registry.get(`playbooks/${encodeURIComponent(id)}`, { retry: true });
    return fromRegistry(id, answer);
  } catch (error) {
    if (error instanceof IntegrationError && error.status === 404) return undefined;

    const reason = error instanceof Error ? error.message : 'the registry failed';
    const message = `The playbook registry could not describe ${quoteUntrusted(id)}: ${reason}`;
    throw new DependencyUnavailableError('registry', message, { cause: error });
  }
}

function fromRegistry(id: string, answer: unknown): Playbook {
  const metadata = parseAnswer(RegistryPlaybookSchema, answer, 'registry');
  if (metadata.id !== id) {
    const answered = quoteUntrusted(metadata.id);
    const message = `registry answered for playbook ${answered}, not ${quoteUntrusted(id)}`;
    throw new IntegrationError('malformed-response', message);
  }

  // Keywords and signals only serve the catalog's own recommender.
  return { ...metadata, keywords: [], signals: [] };
}
