import { describe, expect, it } from 'vitest';
import { type DryRunResult, DryRunResultSchema } from '../../functions/core/dry-run';

const REGISTRY_VERDICT: DryRunResult = {
  valid: false,
  source: 'registry',
  checks: [
    { name: 'schema', passed: true, detail: 'parameters match version 2.1.0' },
    { name: 'blast-radius', passed: false, detail: 'targets 40% of production hosts' },
  ],
};

describe('DryRunResultSchema', () => {
  it('accepts a registry verdict and drops fields it does not know', () => {
    const parsed = DryRunResultSchema.parse({ ...REGISTRY_VERDICT, registryRequestId: 'r-1' });

    expect(parsed).toEqual(REGISTRY_VERDICT);
  });

  it('refuses a verdict that claims validity despite a failed check', () => {
    const result = DryRunResultSchema.safeParse({ ...REGISTRY_VERDICT, valid: true });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['valid'], 'a valid dry-run cannot contain a failed check'],
    ]);
  });

  it('refuses an unknown source and a check without a name', () => {
    const badSource = DryRunResultSchema.safeParse({ ...REGISTRY_VERDICT, source: 'guess' });
    const unnamed = DryRunResultSchema.safeParse({
      ...REGISTRY_VERDICT,
      checks: [{ name: ' ', passed: true, detail: '' }],
    });

    expect(badSource.success).toBe(false);
    expect(unnamed.success).toBe(false);
  });
});
