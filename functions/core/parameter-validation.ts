import type { Playbook, PlaybookParameter } from './playbook';

/** A value a playbook parameter can take. */
export type ParameterValue = string | number | boolean;

/** Parameters with defaults applied, and every reason the supplied ones were refused. */
export interface ParameterValidation {
  /** Valid supplied values plus defaults; refused values are left out. */
  parameters: Record<string, ParameterValue>;
  problems: string[];
}

/** Longest string value accepted, so that a pattern never runs over unbounded input. */
export const MAX_STRING_PARAMETER_LENGTH = 256;

const QUOTED_MAX_LENGTH = 64;

const compiledPatterns = new Map<string, RegExp | undefined>();

/** Quotes caller-supplied text for a message: JSON-escaped and cut to 64 characters. */
export function quoteUntrusted(text: string): string {
  const cut = text.length > QUOTED_MAX_LENGTH ? `${text.slice(0, QUOTED_MAX_LENGTH)}…` : text;
  return JSON.stringify(cut);
}

/** Checks supplied parameters against a playbook's declarations and applies its defaults. */
export function validatePlaybookParameters(
  playbook: Playbook,
  parameters: Record<string, unknown>,
): ParameterValidation {
  const declared = new Set(playbook.parameters.map((parameter) => parameter.name));
  const problems = Object.keys(parameters)
    .filter((name) => !declared.has(name))
    .sort()
    .map((name) => `unknown parameter ${quoteUntrusted(name)}`);

  const resolved: Record<string, ParameterValue> = {};
  for (const parameter of playbook.parameters) {
    const supplied = Object.hasOwn(parameters, parameter.name)
      ? parameters[parameter.name]
      : undefined;
    const outcome = resolveParameter(parameter, supplied);
    if (outcome.problem !== undefined) problems.push(outcome.problem);
    if (outcome.value !== undefined) resolved[parameter.name] = outcome.value;
  }

  return { parameters: resolved, problems };
}

/** Compiles a declared pattern anchored at both ends; `undefined` when it does not compile. */
export function compileParameterPattern(pattern: string): RegExp | undefined {
  if (!compiledPatterns.has(pattern)) {
    compiledPatterns.set(pattern, tryCompile(pattern));
  }
  return compiledPatterns.get(pattern);
}

interface ParameterOutcome {
  value?: ParameterValue;
  problem?: string;
}

function resolveParameter(parameter: PlaybookParameter, supplied: unknown): ParameterOutcome {
  if (supplied === undefined) {
    if (parameter.default !== undefined) return { value: parameter.default };
    return parameter.required ? { problem: `missing required parameter '${parameter.name}'` } : {};
  }

  if (!hasDeclaredType(parameter, supplied)) {
    const expected = withArticle(parameter.type);
    return {
      problem: `parameter '${parameter.name}' must be ${expected}, got ${describe(supplied)}`,
    };
  }

  const problem = constraintProblem(parameter, supplied);
  return problem === undefined ? { value: supplied } : { problem };
}

function hasDeclaredType(parameter: PlaybookParameter, value: unknown): value is ParameterValue {
  if (parameter.type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  return typeof value === parameter.type;
}

function constraintProblem(
  parameter: PlaybookParameter,
  value: ParameterValue,
): string | undefined {
  if (typeof value === 'number') return rangeProblem(parameter, value);
  if (typeof value === 'string') return textProblem(parameter, value);
  return undefined;
}

function rangeProblem(parameter: PlaybookParameter, value: number): string | undefined {
  if (parameter.minimum !== undefined && value < parameter.minimum) {
    return `parameter '${parameter.name}' must be at least ${parameter.minimum}, got ${value}`;
  }
  if (parameter.maximum !== undefined && value > parameter.maximum) {
    return `parameter '${parameter.name}' must be at most ${parameter.maximum}, got ${value}`;
  }
  return undefined;
}

function textProblem(parameter: PlaybookParameter, value: string): string | undefined {
  const name = `parameter '${parameter.name}'`;
  if (value.length > MAX_STRING_PARAMETER_LENGTH) {
    return `${name} must be at most ${MAX_STRING_PARAMETER_LENGTH} characters long`;
  }
  if (parameter.enum !== undefined && !parameter.enum.includes(value)) {
    return `${name} must be one of ${parameter.enum.join(', ')}, got ${quoteUntrusted(value)}`;
  }
  if (parameter.pattern === undefined) return undefined;

  const pattern = compileParameterPattern(parameter.pattern);
  if (pattern === undefined) return `${name} declares a pattern that does not compile`;
  if (!pattern.test(value)) {
    return `${name} must match ${parameter.pattern}, got ${quoteUntrusted(value)}`;
  }
  return undefined;
}

function tryCompile(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return withArticle(typeof value);
}

function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
