import { describe, expect, it } from 'vitest';
import type { ChoiceState } from '../../../local/sfn/asl-schema';
import { evaluateChoiceRule, selectChoice } from '../../../local/sfn/choice-rules';
import { StatesError } from '../../../local/sfn/sfn-errors';

const input = { mode: 'auto', risk: 2, preApproved: true, owner: null, name: 'restart-db*' };

describe('evaluateChoiceRule', () => {
  it.each([
    [{ Variable: '$.mode', StringEquals: 'auto' }, true],
    [{ Variable: '$.mode', StringEqualsPath: '$.mode' }, true],
    [{ Variable: '$.risk', NumericGreaterThan: 1 }, true],
    [{ Variable: '$.risk', NumericLessThanEquals: 1 }, false],
    [{ Variable: '$.risk', StringEquals: '2' }, false],
    [{ Variable: '$.preApproved', BooleanEquals: true }, true],
    [{ Variable: '$.owner', IsNull: true }, true],
    [{ Variable: '$.missing', IsPresent: false }, true],
    [{ Variable: '$.mode', IsString: true }, true],
    [{ Variable: '$.risk', IsBoolean: true }, false],
    [{ Variable: '$.name', StringMatches: 'restart-*' }, true],
    [{ Variable: '$.name', StringMatches: 'restart-db\\*' }, true],
    [{ Variable: '$.mode', StringMatches: 'auto\\*' }, false],
    [
      {
        And: [
          { Variable: '$.risk', NumericEquals: 2 },
          { Variable: '$.mode', StringEquals: 'x' },
        ],
      },
      false,
    ],
    [
      {
        Or: [
          { Variable: '$.risk', NumericEquals: 2 },
          { Variable: '$.mode', StringEquals: 'x' },
        ],
      },
      true,
    ],
    [{ Not: { Variable: '$.mode', StringEquals: 'manual' } }, true],
  ])('evaluates %j to %s', (rule, expected) => {
    expect(evaluateChoiceRule(rule, input)).toBe(expected);
  });

  it('raises States.Runtime when the Variable references nothing', () => {
    expect(() => evaluateChoiceRule({ Variable: '$.missing', StringEquals: 'x' }, input)).toThrow(
      StatesError,
    );
  });
});

describe('selectChoice', () => {
  const state: ChoiceState = {
    Type: 'Choice',
    Choices: [{ Variable: '$.mode', StringEquals: 'manual', Next: 'Await approval' }],
  };

  it('goes to the Default when no rule matches', () => {
    expect(selectChoice({ ...state, Default: 'Run playbook' }, input)).toBe('Run playbook');
  });

  it('raises States.NoChoiceMatched without a Default', () => {
    expect(() => selectChoice(state, input)).toThrow(
      expect.objectContaining({ error: 'States.NoChoiceMatched' }),
    );
  });
});
