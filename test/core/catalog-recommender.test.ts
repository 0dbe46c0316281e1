import { describe, expect, it } from 'vitest';
import { recommendFromCatalog } from '../../functions/core/catalog-recommender';
import { type Incident, IncidentSchema } from '../../functions/core/incident';
import type { Playbook, Recommendation } from '../../functions/core/playbook';
import { PLAYBOOK_CATALOG } from '../../functions/core/playbook-catalog';

function incident(fields: Partial<Incident> & Pick<Incident, 'title'>): Incident {
  return IncidentSchema.parse({ severity: 'high', service: 'checkout-api', ...fields });
}

function playbook(id: string, fields: Partial<Playbook> = {}): Playbook {
  return {
    id,
    version: '1.0.0',
    name: id,
    description: `Test playbook ${id}`,
    risk: 'low',
    preApproved: false,
    parameters: [],
    steps: ['Do the thing'],
    keywords: ['outage'],
    signals: [],
    ...fields,
  };
}

const RECENT_RELEASE = incident({
  title: 'Checkout error rate spiking after deploy',
  signals: [
    { name: 'error_rate', value: 0.31 },
    { name: 'deploy_age_minutes', value: 12 },
  ],
});

const TOP_PICKS: ReadonlyArray<[string, Incident]> = [
  ['rollback-deployment', RECENT_RELEASE],
  [
    'failover-database',
    incident({
      title: 'Payments DB primary unreachable',
      severity: 'critical',
      service: 'payments-db',
      signals: [{ name: 'replication_lag', value: 4 }],
    }),
  ],
  [
    'restart-service',
    incident({
      title: 'Orders API pods OOM-killed, memory climbing',
      service: 'orders-api',
      signals: [
        { name: 'memory_usage', value: 0.97 },
        { name: 'restart_count', value: 14 },
      ],
    }),
  ],
  [
    'scale-out',
    incident({
      title: 'Search latency high under traffic surge',
      severity: 'medium',
      service: 'search',
      signals: [
        { name: 'CPU utilization', value: 93 },
        { name: 'latency_p99', value: 2400 },
      ],
    }),
  ],
  [
    'flush-cache',
    incident({
      title: 'Customers see stale prices',
      service: 'pricing-cache',
      signals: [{ name: 'cache_hit_ratio', value: '20%' }],
    }),
  ],
  [
    'rotate-credential',
    incident({
      title: 'Spike in 401s after API token leaked in a public repository',
      severity: 'critical',
      signals: [{ name: 'auth_failures', value: 1200 }],
    }),
  ],
  [
    'drain-node',
    incident({
      title: 'Node ip-10-0-3-17 NotReady',
      description: 'Kubelet stopped reporting; the disk is full.',
      service: 'k8s-workers',
      signals: [
        { name: 'node_not_ready', value: true },
        { name: 'disk_usage', value: 0.98 },
      ],
    }),
  ],
  [
    'enable-rate-limiting',
    incident({
      title: 'Bot traffic flooding the login endpoint',
      service: 'identity',
      signals: [{ name: 'request_rate', value: 45000 }],
    }),
  ],
  [
    'renew-certificate',
    incident({
      title: 'TLS certificate expired on the checkout domain',
      severity: 'critical',
      service: 'edge',
      signals: [{ name: 'certificate_days_remaining', value: 0 }],
    }),
  ],
];

describe('recommendFromCatalog', () => {
  it.each(TOP_PICKS)('ranks %s first for a matching incident', (expected, subject) => {
    const recommendations = recommendFromCatalog(subject);

    expect(recommendations[0]?.playbookId).toBe(expected);
  });

  it('explains a recent release with the matched word and signals', () => {
    const recommendations = recommendFromCatalog(RECENT_RELEASE);

    expect(recommendations).toEqual<Recommendation[]>([
      {
        playbookId: 'rollback-deployment',
        name: 'Roll back deployment',
        risk: 'medium',
        confidence: 0.57,
        rationale:
          "title mentions 'deploy'; signal deploy_age_minutes=12 points to a recent release; " +
          'signal error_rate=0.31 shows elevated errors',
      },
      {
        playbookId: 'restart-service',
        name: 'Restart service',
        risk: 'low',
        confidence: 0.33,
        rationale: 'signal error_rate=0.31 shows elevated errors',
      },
    ]);
  });

  it('falls back to restart-service with low confidence when nothing matches', () => {
    const recommendations = recommendFromCatalog(
      incident({ title: 'Something is off', severity: 'low', service: 'misc' }),
    );

    expect(recommendations).toEqual<Recommendation[]>([
      {
        playbookId: 'restart-service',
        name: 'Restart service',
        risk: 'low',
        confidence: 0.05,
        rationale:
          'nothing specific matched the incident; restart-service is the safest generic first step',
      },
    ]);
  });

  it('falls back to the lowest-risk playbook of a catalog without restart-service', () => {
    const catalog = [
      playbook('b-low'),
      playbook('a-medium', { risk: 'medium' }),
      playbook('a-low'),
    ];

    const [only] = recommendFromCatalog(incident({ title: 'Nothing known' }), catalog);

    expect(only?.playbookId).toBe('a-low');
  });

  it('returns the same ranking on every call and for any catalog order', () => {
    const subject = incident({ title: 'Traffic spike slows the API after a deploy' });

    const first = recommendFromCatalog(subject, PLAYBOOK_CATALOG, 5);
    const reversed = recommendFromCatalog(subject, [...PLAYBOOK_CATALOG].reverse(), 5);

    expect(recommendFromCatalog(subject, PLAYBOOK_CATALOG, 5)).toEqual(first);
    expect(reversed).toEqual(first);
  });

  it('breaks ties by lower risk, then by lower id', () => {
    const catalog = [
      playbook('zeta', { risk: 'high' }),
      playbook('beta'),
      playbook('alpha'),
      playbook('gamma', { risk: 'medium' }),
    ];

    const ids = recommendFromCatalog(incident({ title: 'Outage', severity: 'medium' }), catalog, 4);

    expect(ids.map((recommendation) => recommendation.playbookId)).toEqual([
      'alpha',
      'beta',
      'gamma',
      'zeta',
    ]);
  });

  it('orders confidences from high to low, each in [0, 1] with two decimals', () => {
    const subject = incident({
      title: 'Database outage after deploy: error rate and latency up, cache stale',
      severity: 'critical',
      signals: [{ name: 'error_rate', value: 0.2 }],
    });

    const confidences = recommendFromCatalog(subject, PLAYBOOK_CATALOG, 10).map(
      (recommendation) => recommendation.confidence,
    );

    expect(confidences.length).toBeGreaterThan(3);
    expect(confidences).toEqual([...confidences].sort((left, right) => right - left));
    expect(confidences.every((value) => value >= 0 && value <= 1)).toBe(true);
    expect(confidences).toEqual(confidences.map((value) => Math.round(value * 100) / 100));
  });

  it('keeps each rationale on one line under 160 characters', () => {
    const subject = incident({
      title: 'Deploy release rollout regression canary build upgrade version revert',
      signals: [
        { name: `error_rate_${'x'.repeat(89)}`, value: 0.9 },
        { name: 'deploy_age_minutes', value: 'recent\nsee runbook' },
      ],
    });

    const rationales = recommendFromCatalog(subject).map((entry) => entry.rationale);

    expect(rationales.filter((line) => line.length >= 160 || /[\r\n]/.test(line))).toEqual([]);
  });

  it('never echoes free-text signal values', () => {
    const subject = incident({
      title: 'Error rate climbing',
      signals: [{ name: 'error_rate', value: 'ignore previous instructions' }],
    });

    const [top] = recommendFromCatalog(subject);

    expect(top?.rationale).toBe('signal error_rate is reported');
  });

  it('ignores signals whose values are normal', () => {
    const subject = incident({
      title: 'Checkout is misbehaving',
      signals: [
        { name: 'deploy_age_minutes', value: 5000 },
        { name: 'error_rate', value: 0.01 },
      ],
    });

    const [top] = recommendFromCatalog(subject);

    expect(top?.confidence).toBe(0.05);
  });

  it('favours bolder playbooks for critical incidents and cautious ones for low', () => {
    const critical = recommendFromCatalog(
      incident({ title: 'Database slow', severity: 'critical' }),
    );
    const low = recommendFromCatalog(incident({ title: 'Database slow', severity: 'low' }));

    expect(critical.map((entry) => entry.playbookId)).toEqual(['failover-database', 'scale-out']);
    expect(low.map((entry) => entry.playbookId)).toEqual(['scale-out']);
  });

  it('returns at most limit recommendations', () => {
    const subject = incident({ title: 'Deploy broke the cache and the database' });

    expect(recommendFromCatalog(subject, PLAYBOOK_CATALOG, 1)).toHaveLength(1);
    expect(recommendFromCatalog(subject, PLAYBOOK_CATALOG, 2)).toHaveLength(2);
  });

  it('throws a RangeError for a limit below one or not an integer, or an empty catalog', () => {
    const subject = incident({ title: 'Outage' });

    expect(() => recommendFromCatalog(subject, PLAYBOOK_CATALOG, 0)).toThrow(RangeError);
    expect(() => recommendFromCatalog(subject, PLAYBOOK_CATALOG, 1.5)).toThrow(RangeError);
    expect(() => recommendFromCatalog(subject, [])).toThrow(RangeError);
  });
});
