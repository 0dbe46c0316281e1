import { z } from 'zod';
import { recommendFromCatalog } from '../core/catalog-recommender';
import type { Incident } from '../core/incident';
import type { RecommendationSource } from '../core/orchestration';
import type { Recommendation } from '../core/playbook';
import { findCatalogPlaybook } from '../core/playbook-catalog';
import { postJson } from './json-http-client';
import { logger } from './service-logger';

const RecommenderAnswerSchema = z.object({
  recommendations: z
    .array(
      z.object({
        playbookId: z.string().max(100),
        confidence: z.number().min(0).max(1),
        rationale: z.string().max(500),
      }),
    )
    .max(20),
});

/** Ranked playbooks for an incident and where they came from. */
export interface Suggestion {
  recommendations: Recommendation[];
  source: RecommendationSource;
}

/**
 * Asks the recommender service when one is configured; any failure falls back to the
 * catalog because a suggestion is harmless and the on-call engineer still needs one.
 */
export async function suggestPlaybooks(
  incident: Incident,
  recommenderUrl: string | undefined,
  timeoutMs: number,
): Promise<Suggestion> {
  if (!recommenderUrl) {
    return { recommendations: recommendFromCatalog(incident), source: 'catalog' };
  }

  try {
    const answer = await postJson(
      new URL('recommendations', withSlash(recommenderUrl)).href,
      {
        incident,
      },
      { timeoutMs },
    );
    return { recommendations: knownRecommendations(answer), source: 'recommender' };
  } catch (error) {
    logger.warn('Recommender failed; suggesting from the catalog', { error });
    return { recommendations: recommendFromCatalog(incident), source: 'catalog' };
  }
}

function knownRecommendations(answer: unknown): Recommendation[] {
  const parsed = RecommenderAnswerSchema.parse(answer);
  const known = parsed.recommendations.flatMap((proposal) => {
    const playbook = findCatalogPlaybook(proposal.playbookId);
    if (!playbook) {
      logger.warn('Recommender proposed an unknown playbook; dropped', {
        playbookId: proposal.playbookId,
      });
      return [];
    }
    const { id: playbookId, name, risk } = playbook;
    return [
      { playbookId, name, risk, confidence: proposal.confidence, rationale: proposal.rationale },
    ];
  });

  if (known.length === 0) throw new Error('The recommender proposed no known playbook');
  return known;
}

/** Ensures relative paths resolve below the configured base rather than beside it. */
export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
