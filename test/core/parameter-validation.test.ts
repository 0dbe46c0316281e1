import { describe, expect, it } from 'vitest';
import {
  compileParameterPattern,
  MAX_STRING_PARAMETER_LENGTH,
  type ParameterValidation,
  quoteUntrusted,
  validatePlaybookParameters,
} from '../../functions/core/parameter-validation';
import type { Playbook } from '../../functions/core/playbook';

const PLAYBOOK: Playbook = {
  id: 'test-playbook',
  version: '1.0.0',
  name: 'Test playbook',
  description: 'Exercises every kind of parameter constraint.',
  risk: 'medium',
  preApproved: false,
  parameters: [
    {
      name: 'replicas',
      type: 'integer',
      description: 'Count',
      required: false,
      default: 2,
      minimum: 1,
      maximum: 50,
    },
    {
      name: 'region',
      type: 'string',
      description: 'Region',
      required: true,
      enum: ['eu-west-1', 'us-east-1'],
    },
    {
      name: 'version',
      type: 'string',
      description: 'Version',
      required: false,
      pattern: 'v[0-9]{1,3}\\.[0-9]{1,3}',
    },
    { name: 'dryRun', type: 'boolean', description: 'Flag', required: false, default: true },
  ],
  steps: ['Scale {replicas} in {region}'],
  keywords: ['test'],
  signals: [],
};

function validate(parameters: Record<string, unknown>): ParameterValidation {
  return validatePlaybookParameters(PLAYBOOK, parameters);
}

describe('validatePlaybookParameters', () => {
  it('applies defaults for omitted parameters and leaves absent optional ones out', () => {
    expect(validate({ region: 'eu-west-1' })).toEqual<ParameterValidation>({
      parameters: { replicas: 2, region: 'eu-west-1', dryRun: true },
      problems: [],
    });
  });

  it('keeps supplied values that satisfy every constraint', () => {
    const supplied = { replicas: 50, region: 'us-east-1', version: 'v1.20', dryRun: false };

    expect(validate(supplied)).toEqual<ParameterValidation>({ parameters: supplied, problems: [] });
  });

  it('reports unknown parameter names, sorted and escaped', () => {
    const result = validate({ region: 'eu-west-1', zeta: 1, 'a\nb': 2 });

    expect(result.problems).toEqual(['unknown parameter "a\\nb"', 'unknown parameter "zeta"']);
  });

  it('reports a missing required parameter', () => {
    expect(validate({})).toEqual<ParameterValidation>({
      parameters: { replicas: 2, dryRun: true },
      problems: ["missing required parameter 'region'"],
    });
  });

  it('does not read parameter values inherited from the object prototype', () => {
    const playbook = {
      ...PLAYBOOK,
      parameters: [
        { name: 'toString', type: 'string', description: 'x', required: true, enum: ['a'] },
      ],
    } satisfies Playbook;

    const result = validatePlaybookParameters(playbook, {});

    expect(result.problems).toEqual(["missing required parameter 'toString'"]);
  });

  it('reports values of the wrong type and leaves them out', () => {
    const result = validate({ replicas: '3', region: 7, version: null, dryRun: 'yes' });

    expect(result).toEqual<ParameterValidation>({
      parameters: {},
      problems: [
        "parameter 'replicas' must be an integer, got a string",
        "parameter 'region' must be a string, got 7",
        "parameter 'version' must be a string, got null",
        "parameter 'dryRun' must be a boolean, got a string",
      ],
    });
  });

  it('refuses fractions and non-finite numbers for integers', () => {
    const fraction = validate({ region: 'eu-west-1', replicas: 1.5 });
    const infinite = validate({ region: 'eu-west-1', replicas: Number.POSITIVE_INFINITY });

    expect(fraction.problems).toEqual(["parameter 'replicas' must be an integer, got 1.5"]);
    expect(infinite.problems).toEqual(["parameter 'replicas' must be an integer, got Infinity"]);
  });

  it('reports integers outside their inclusive bounds', () => {
    const below = validate({ region: 'eu-west-1', replicas: 0 });
    const above = validate({ region: 'eu-west-1', replicas: 51 });

    expect(below.problems).toEqual(["parameter 'replicas' must be at least 1, got 0"]);
    expect(above.problems).toEqual(["parameter 'replicas' must be at most 50, got 51"]);
  });

  it('reports a string that is not in its enum', () => {
    const result = validate({ region: 'mars-north-1' });

    expect(result.problems).toEqual([
      `parameter 'region' must be one of eu-west-1, us-east-1, got "mars-north-1"`,
    ]);
  });

  it('matches patterns against the whole value', () => {
    const prefix = validate({ region: 'eu-west-1', version: 'v1.2; rm -rf /' });
    const suffix = validate({ region: 'eu-west-1', version: 'build-v1.2' });

    expect(prefix.problems).toEqual([
      `parameter 'version' must match v[0-9]{1,3}\\.[0-9]{1,3}, got "v1.2; rm -rf /"`,
    ]);
    expect(suffix.problems).toHaveLength(1);
  });

  it('refuses strings longer than the maximum before matching any pattern', () => {
    const result = validate({ region: 'eu-west-1', version: 'v'.repeat(1000) });

    expect(result.problems).toEqual([
      `parameter 'version' must be at most ${MAX_STRING_PARAMETER_LENGTH} characters long`,
    ]);
  });

  it('reports a declared pattern that does not compile instead of throwing', () => {
    const playbook = {
      ...PLAYBOOK,
      parameters: [{ name: 'bad', type: 'string', description: 'x', required: true, pattern: '(' }],
    } satisfies Playbook;

    const result = validatePlaybookParameters(playbook, { bad: 'x' });

    expect(result.problems).toEqual(["parameter 'bad' declares a pattern that does not compile"]);
  });
});

describe('compileParameterPattern', () => {
  it('anchors a pattern at both ends, alternatives included', () => {
    const pattern = compileParameterPattern('previous|v[0-9]');

    expect(['previous', 'v1'].map((text) => pattern?.test(text))).toEqual([true, true]);
    expect(['previously', 'xv1'].map((text) => pattern?.test(text))).toEqual([false, false]);
  });

  it('returns undefined for a pattern that does not compile', () => {
    expect(compileParameterPattern('[a-')).toBeUndefined();
  });
});

describe('quoteUntrusted', () => {
  it('escapes control characters and cuts long text', () => {
    expect(quoteUntrusted('a\nb')).toBe('"a\\nb"');
    expect(quoteUntrusted('x'.repeat(100))).toBe(`"${'x'.repeat(64)}…"`);
  });
});
