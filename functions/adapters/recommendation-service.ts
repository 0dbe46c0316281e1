import type * as z from 'zod/mini';
import { recommendFromCatalog } from '../core/catalog-recommender';
import { DependencyUnavailableError } from '../core/errors';
import type { Incident } from '../core/incident';
import type { RecommendationSource } from '../core/orchestration';
import type { Recommendation } from '../core/playbook';
import { integrationClient } from './integration-client';
import { RecommenderAnswerSchema } from './integration-contracts';
import { IntegrationError, parseAnswer } from './json-http-client';
import { findPlaybook } from './playbook-source';
import { processServiceConfig } from './service-config';
import { logger } from './service-logger';

type Proposal = z.infer<typeof RecommenderAnswerSchema>['recommendations'][number];

/** Ranked playbooks for an incident and where they came from. */
export interface Suggestion {
  recommendations: Recommendation[];
  source: RecommendationSource;
}

/**
 * Asks the recommender service when one is configured; any failure falls back to the
 * catalog because a suggestion is harmless and the on-call engineer still needs one.
 * Proposals the registry (or, without one, the catalog) does not know are dropped.
 */
export async function suggestPlaybooks(
  incident: Incident,
  recommenderUrl: string | undefined,
  timeoutMs: number,
): Promise<Suggestion> {
  if (!recommenderUrl) return fromCatalog(incident);

  const config = { ...processServiceConfig(), INTEGRATION_TIMEOUT_MS: timeoutMs };
  try {
    // Asking for recommendations changes nothing at the recommender: safe to retry.
    const recommender = integrationClient('recommender', recommenderUrl, config);
    const answer = await recommender.post('recommendations', { incident }, { retry: true });
    const { recommendations } = parseAnswer(RecommenderAnswerSchema, answer, 'recommender');
    return { recommendations: await knownRecommendations(recommendations), source: 'recommender' };
  } catch (error) {
    logger.warn('Recommender failed; suggesting from the catalog', {
      dependency: 'recommender',
      reason: fallbackReason(error),
      error,
    });
    return fromCatalog(incident);
  }
}

function fallbackReason(error: unknown): string {
  if (error instanceof IntegrationError) return error.reason;
  if (error instanceof DependencyUnavailableError) return `${error.dependency}-unavailable`;
  return error instanceof NoKnownPlaybookError ? 'no-known-playbook' : 'unexpected-error';
}

function fromCatalog(incident: Incident): Suggestion {
  return { recommendations: recommendFromCatalog(incident), source: 'catalog' };
}

async function knownRecommendations(proposals: readonly Proposal[]): Promise<Recommendation[]> {
  const config = processServiceConfig();
  const resolved = await Promise.all(
    proposals.map(async (proposal) => ({
      proposal,
      playbook: await findPlaybook(proposal.playbookId, config),
    })),
  );

  const known = resolved.flatMap(({ proposal, playbook }) => {
    if (!playbook) {
      logger.warn('Recommender proposed an unknown playbook; dropped', {
        playbookId: proposal.playbookId,
      });
      return [];
    }
    const { confidence, rationale } = proposal;
    return [
      { playbookId: playbook.id, name: playbook.name, risk: playbook.risk, confidence, rationale },
    ];
  });

  if (known.length === 0) throw new NoKnownPlaybookError();
  return known;
}

/** Every playbook the recommender proposed is unknown, so its answer cannot be used. */
export class NoKnownPlaybookError extends Error {
  constructor() {
    super('The recommender proposed no known playbook');
    this.name = 'NoKnownPlaybookError';
  }
}
