import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recommendFromCatalog } from '../../functions/core/catalog-recommender';
import { IncidentSchema, SeveritySchema } from '../../functions/core/incident';
import { PLAYBOOK_CATALOG } from '../../functions/core/playbook-catalog';

const catalogIds = new Set(PLAYBOOK_CATALOG.map((playbook) => playbook.id));

/** Words the catalog reacts to, mixed with noise, so that generated incidents do match. */
const vocabulary = [
  ...new Set(PLAYBOOK_CATALOG.flatMap((playbook) => playbook.keywords)),
  'the',
  'api',
  'checkout',
  'errors',
  'caches',
  'Deploys',
];
const signalNames = [
  ...new Set(PLAYBOOK_CATALOG.flatMap((playbook) => playbook.signals)),
  'CPU utilization',
  'db.replication_lag.seconds',
  'unrelated',
];

const nonBlank = (maxLength: number) =>
  fc.string({ minLength: 1, maxLength }).filter((text) => text.trim() !== '');

const phrase = (maxLength: number) =>
  fc.oneof(
    fc
      .array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 12 })
      .map((words) => words.join(' ').slice(0, maxLength)),
    nonBlank(maxLength),
  );

const signalArbitrary = fc.record({
  name: fc.oneof(fc.constantFrom(...signalNames), nonBlank(100)),
  value: fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: -10, max: 100_000 }),
    fc.boolean(),
    fc.constantFrom('97%', '0.31', 'high', ''),
    fc.string({ maxLength: 500 }),
  ),
});

/** Incidents with the shape of IncidentSchema, parsed by it as a handler would. */
const incidentArbitrary = fc
  .record(
    {
      title: phrase(200),
      severity: fc.constantFrom(...SeveritySchema.options),
      service: fc.oneof(fc.constantFrom('payments-db', 'pricing-cache', 'edge'), nonBlank(100)),
      description: phrase(4000),
      signals: fc.array(signalArbitrary, { maxLength: 50 }),
    },
    { requiredKeys: ['title', 'severity', 'service'] },
  )
  .map((fields) => IncidentSchema.parse(fields));

describe('recommendFromCatalog over generated incidents', () => {
  it('returns 1..limit catalog playbooks with ordered confidences and one-line rationales', () => {
    fc.assert(
      fc.property(incidentArbitrary, fc.integer({ min: 1, max: 6 }), (incident, limit) => {
        const recommendations = recommendFromCatalog(incident, PLAYBOOK_CATALOG, limit);
        const confidences = recommendations.map((entry) => entry.confidence);

        expect(recommendations.length).toBeGreaterThanOrEqual(1);
        expect(recommendations.length).toBeLessThanOrEqual(limit);
        expect(recommendations.every((entry) => catalogIds.has(entry.playbookId))).toBe(true);
        expect(confidences.every((value) => value >= 0 && value <= 1)).toBe(true);
        expect(confidences).toEqual([...confidences].sort((left, right) => right - left));
        for (const { rationale } of recommendations) {
          expect(rationale.length).toBeGreaterThan(0);
          expect(rationale.length).toBeLessThan(160);
          expect(rationale).not.toMatch(/[\r\n]/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns the same recommendations for the same incident', () => {
    fc.assert(
      fc.property(incidentArbitrary, (incident) => {
        expect(recommendFromCatalog(incident)).toEqual(
          recommendFromCatalog(structuredClone(incident)),
        );
      }),
      { numRuns: 100 },
    );
  });
});
