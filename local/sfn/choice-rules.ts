import {
  CHOICE_COMPARATORS,
  type ChoiceComparator,
  type ChoiceRule,
  type ChoiceState,
} from './asl-schema';
import { isSupportedPath, lookupPath, parsePath, readPath } from './json-path';
import { StatesError } from './sfn-errors';

/** Picks the Next state of a Choice state for its (already InputPath-filtered) input. */
export function selectChoice(state: ChoiceState, input: unknown): string {
  const matched = state.Choices.find((rule) => evaluateChoiceRule(rule, input));
  const next = matched?.Next ?? state.Default;
  if (next === undefined) {
    throw new StatesError(
      'States.NoChoiceMatched',
      'No Choice rule matched and there is no Default',
    );
  }

  return next;
}

/** Evaluates one Choice rule, recursing through And, Or and Not. */
export function evaluateChoiceRule(rule: ChoiceRule, input: unknown): boolean {
  if (rule.And !== undefined) {
    return rule.And.every((nested) => evaluateChoiceRule(nested, input));
  }
  if (rule.Or !== undefined) {
    return rule.Or.some((nested) => evaluateChoiceRule(nested, input));
  }
  if (rule.Not !== undefined) {
    return !evaluateChoiceRule(rule.Not, input);
  }

  return evaluateComparison(rule, input);
}

function evaluateComparison(rule: ChoiceRule, input: unknown): boolean {
  const [comparator] = comparatorsOf(rule);
  const operand = comparator === undefined ? undefined : rule[comparator];
  if (comparator === undefined || operand === undefined || rule.Variable === undefined) {
    throw new StatesError('States.Runtime', 'A Choice rule has no Variable or comparator');
  }

  const lookup = lookupPath(input, parsePath(rule.Variable).segments);
  if (comparator === 'IsPresent') {
    return lookup.found === operand;
  }
  if (!lookup.found) {
    throw new StatesError(
      'States.Runtime',
      `Invalid path '${rule.Variable}': the Choice rule's Variable references no value`,
    );
  }
  return compare(comparator, lookup.value, operand, input);
}

function compare(
  comparator: Exclude<ChoiceComparator, 'IsPresent'>,
  value: unknown,
  operand: string | number | boolean,
  input: unknown,
): boolean {
  switch (comparator) {
    case 'StringEquals':
      return typeof value === 'string' && value === operand;
    case 'StringEqualsPath':
      return typeof value === 'string' && value === readPath(input, String(operand));
    case 'StringMatches':
      return typeof value === 'string' && wildcardPattern(String(operand)).test(value);
    case 'BooleanEquals':
      return typeof value === 'boolean' && value === operand;
    case 'IsNull':
      return (value === null) === operand;
    case 'IsString':
      return (typeof value === 'string') === operand;
    case 'IsBoolean':
      return (typeof value === 'boolean') === operand;
    case 'IsNumeric':
      return (typeof value === 'number') === operand;
    default:
      return typeof value === 'number' && compareNumbers(comparator, value, Number(operand));
  }
}

function compareNumbers(comparator: ChoiceComparator, value: number, operand: number): boolean {
  switch (comparator) {
    case 'NumericGreaterThan':
      return value > operand;
    case 'NumericGreaterThanEquals':
      return value >= operand;
    case 'NumericLessThan':
      return value < operand;
    case 'NumericLessThanEquals':
      return value <= operand;
    default:
      return value === operand;
  }
}

/** `StringMatches`: `*` matches any run of characters; `\*` and `\\` are literal. */
function wildcardPattern(pattern: string): RegExp {
  const source = pattern.replace(/\\\\|\\\*|\*|[.+?^${}()|[\]\\]/g, (token) => {
    if (token === '*') {
      return '.*';
    }
    return token.length === 2 ? `\\${token.charAt(1)}` : `\\${token}`;
  });

  return new RegExp(`^${source}$`, 's');
}

function comparatorsOf(rule: ChoiceRule): ChoiceComparator[] {
  const names = Object.keys(CHOICE_COMPARATORS) as ChoiceComparator[];
  return names.filter((name) => rule[name] !== undefined);
}

/**
 * Lists what makes a Choice rule unusable, each problem prefixed with `field`: a rule needs
 * exactly one of And, Or, Not or a comparator; only top-level rules carry Next.
 */
export function findChoiceRuleProblems(
  rule: ChoiceRule,
  field: string,
  topLevel: boolean,
): string[] {
  const operators = ['And', 'Or', 'Not'].filter((key) => Object.hasOwn(rule, key));
  const comparators = comparatorsOf(rule);
  const problems: string[] = [];
  if (operators.length + comparators.length !== 1) {
    problems.push(`field '${field}': needs exactly one of And, Or, Not or a comparator`);
  }
  if (topLevel !== (rule.Next !== undefined)) {
    problems.push(
      `field '${field}': ${topLevel ? 'needs a Next' : 'must not have a Next (nested rule)'}`,
    );
  }

  problems.push(...pathProblems(rule, field, comparators));
  const nested: Array<[ChoiceRule, string]> = [
    ...(rule.And ?? []).map((child, index): [ChoiceRule, string] => [child, `And[${index}]`]),
    ...(rule.Or ?? []).map((child, index): [ChoiceRule, string] => [child, `Or[${index}]`]),
    ...(rule.Not === undefined ? [] : [[rule.Not, 'Not'] as [ChoiceRule, string]]),
  ];
  return problems.concat(
    nested.flatMap(([child, key]) => findChoiceRuleProblems(child, `${field}.${key}`, false)),
  );
}

function pathProblems(rule: ChoiceRule, field: string, comparators: ChoiceComparator[]): string[] {
  if (comparators.length === 0) {
    return rule.Variable === undefined ? [] : [`field '${field}': Variable needs a comparator`];
  }

  const paths = [rule.Variable, rule.StringEqualsPath].filter((path) => path !== undefined);
  const problems = paths
    .filter((path) => typeof path !== 'string' || !isDataPath(path))
    .map(
      (path) =>
        `field '${field}': path '${String(path)}' is not supported (use '$', '$.a.b' or '$.a[0]')`,
    );
  return rule.Variable === undefined
    ? [...problems, `field '${field}': needs a Variable`]
    : problems;
}

function isDataPath(path: string): boolean {
  return isSupportedPath(path) && !path.startsWith('$$');
}
