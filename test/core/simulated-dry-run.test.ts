import { describe, expect, it } from 'vitest';
import { type DryRunResult, DryRunResultSchema } from '../../functions/core/dry-run';
import type { Playbook } from '../../functions/core/playbook';
import { findCatalogPlaybook, PLAYBOOK_CATALOG } from '../../functions/core/playbook-catalog';
import {
  resolvePlaybookSteps,
  simulateDryRun,
  simulateDryRunById,
} from '../../functions/core/simulated-dry-run';

/** Values for the catalog's required parameters, as an operator would supply them. */
const REQUIRED_VALUES: Record<string, Record<string, unknown>> = {
  'failover-database': { targetRegion: 'eu-central-1' },
  'rotate-credential': { secretId: 'prod/payments/db-password' },
  'drain-node': { nodeName: 'ip-10-0-3-17.eu-west-1.compute.internal' },
  'disable-feature-flag': { flagKey: 'new-checkout-flow' },
  'renew-certificate': { domain: 'checkout.example.com' },
};

function catalogPlaybook(id: string): Playbook {
  const playbook = findCatalogPlaybook(id);
  if (playbook === undefined) throw new Error(`test needs catalog playbook ${id}`);
  return playbook;
}

describe('simulateDryRun', () => {
  it('passes a catalog playbook with defaults and names each resolved step', () => {
    const result = simulateDryRun(catalogPlaybook('scale-out'), { replicas: 4 });

    expect(result).toEqual<DryRunResult>({
      valid: true,
      source: 'simulation',
      checks: [
        {
          name: 'playbook-known',
          passed: true,
          detail: 'scale-out@1.4.0 is in the built-in catalog',
        },
        {
          name: 'parameters-valid',
          passed: true,
          detail: '2 parameter(s) valid; defaults: holdMinutes=30',
        },
        {
          name: 'steps-resolved',
          passed: true,
          detail:
            '1. Read the current replica count and autoscaling limits of the affected service; ' +
            '2. Add 4 replicas, raising the autoscaling maximum if needed; ' +
            '3. Wait until the new replicas pass their health checks and receive traffic; ' +
            '4. Keep the added capacity for 30 minutes before autoscaling may scale in',
        },
        {
          name: 'risk-assessed',
          passed: true,
          detail: 'risk low; pre-approved, so auto mode may run it without a human',
        },
      ],
    });
  });

  it.each(PLAYBOOK_CATALOG.map((playbook) => [playbook.id]))(
    'passes catalog playbook %s given its required parameters',
    (id) => {
      const result = simulateDryRun(catalogPlaybook(id), REQUIRED_VALUES[id] ?? {});

      expect(result.checks.filter((check) => !check.passed)).toEqual([]);
      expect(result.valid).toBe(true);
    },
  );

  it('fails parameters and steps when a required parameter is missing or invalid', () => {
    const result = simulateDryRun(catalogPlaybook('drain-node'), { gracePeriodSeconds: -1, x: 1 });

    expect(result).toEqual<DryRunResult>({
      valid: false,
      source: 'simulation',
      checks: [
        {
          name: 'playbook-known',
          passed: true,
          detail: 'drain-node@1.0.0 is in the built-in catalog',
        },
        {
          name: 'parameters-valid',
          passed: false,
          detail:
            'unknown parameter "x"; missing required parameter \'nodeName\'; ' +
            "parameter 'gracePeriodSeconds' must be at least 0, got -1",
        },
        {
          name: 'steps-resolved',
          passed: false,
          detail:
            'no value for {nodeName} in step 1, {gracePeriodSeconds} in step 2, ' +
            '{nodeName} in step 4',
        },
        {
          name: 'risk-assessed',
          passed: true,
          detail: 'risk medium; not pre-approved, so a human must approve it',
        },
      ],
    });
  });

  it('fails playbook-known for a version the catalog does not hold', () => {
    const stale = { ...catalogPlaybook('flush-cache'), version: '0.9.0' };

    const [known] = simulateDryRun(stale, {}).checks;

    expect(known).toEqual({
      name: 'playbook-known',
      passed: false,
      detail: 'the built-in catalog has flush-cache@1.0.2, not "0.9.0"',
    });
  });

  it('fails risk-assessed for a pre-approved playbook that is not low risk', () => {
    const bold = { ...catalogPlaybook('rollback-deployment'), preApproved: true };

    const result = simulateDryRun(bold, {}, [bold]);

    expect(result.valid).toBe(false);
    expect(result.checks.find((check) => check.name === 'risk-assessed')).toEqual({
      name: 'risk-assessed',
      passed: false,
      detail: 'risk medium, yet marked pre-approved: only low-risk playbooks may be',
    });
  });

  it('fails steps-resolved for a playbook without steps', () => {
    const empty = { ...catalogPlaybook('restart-service'), steps: [] };

    const result = simulateDryRun(empty, {}, [empty]);

    expect(result.checks.find((check) => check.name === 'steps-resolved')).toEqual({
      name: 'steps-resolved',
      passed: false,
      detail: 'the playbook has no steps',
    });
  });

  it('lists at most ten problems and counts the rest', () => {
    const supplied = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`p${i + 10}`, i]));

    const result = simulateDryRun(catalogPlaybook('restart-service'), supplied);
    const detail = result.checks.find((check) => check.name === 'parameters-valid')?.detail;

    expect(detail?.endsWith('unknown parameter "p19"; and 3 more')).toBe(true);
  });

  it('returns the same result for the same input and one that the schema accepts', () => {
    const first = simulateDryRun(catalogPlaybook('enable-rate-limiting'), { scope: 'per-ip' });

    expect(simulateDryRun(catalogPlaybook('enable-rate-limiting'), { scope: 'per-ip' })).toEqual(
      first,
    );
    expect(DryRunResultSchema.parse(first)).toEqual(first);
  });
});

describe('simulateDryRunById', () => {
  it('simulates the catalog playbook with that id', () => {
    const byId = simulateDryRunById('flush-cache', { keyPattern: 'price:*' });

    expect(byId).toEqual(simulateDryRun(catalogPlaybook('flush-cache'), { keyPattern: 'price:*' }));
    expect(byId.valid).toBe(true);
  });

  it('fails every check for an id the catalog does not know', () => {
    const notChecked = 'not checked: the playbook is not in the built-in catalog';

    expect(simulateDryRunById('format-disk', {})).toEqual<DryRunResult>({
      valid: false,
      source: 'simulation',
      checks: [
        {
          name: 'playbook-known',
          passed: false,
          detail: 'playbook "format-disk" is not in the built-in catalog',
        },
        { name: 'parameters-valid', passed: false, detail: notChecked },
        { name: 'steps-resolved', passed: false, detail: notChecked },
        { name: 'risk-assessed', passed: false, detail: notChecked },
      ],
    });
  });
});

describe('resolvePlaybookSteps', () => {
  it('fills placeholders and reports those without a value', () => {
    const playbook = catalogPlaybook('rollback-deployment');

    const resolved = resolvePlaybookSteps(playbook, { targetVersion: 'v1.4.2', verifyMinutes: 5 });

    expect(resolved.steps[1]).toBe('Redeploy release v1.4.2 beside the current one');
    expect(resolved.steps[3]).toBe('Watch error rate and latency for 5 minutes');
    expect(resolved.unresolved).toEqual(['{trafficShiftPercent} in step 3']);
  });
});
