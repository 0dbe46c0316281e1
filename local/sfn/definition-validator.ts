import { createRequire } from 'node:module';
import type { z } from 'zod';
import {
  type AslDefinition,
  type AslState,
  DefinitionEnvelopeSchema,
  STATE_SCHEMAS,
} from './asl-schema';
import { isJsonObject } from './json-path';
import { DefinitionError } from './sfn-errors';
import { findStateProblems } from './state-checks';

interface AslValidatorResult {
  isValid: boolean;
  errors: Array<{ 'Error code': string; Message: string }>;
}

type AslValidator = (definition: unknown) => AslValidatorResult;

// asl-validator ships CommonJS without type declarations.
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

const SUPPORTED_TYPES = Object.keys(STATE_SCHEMAS);

/**
 * Checks a definition with asl-validator, then refuses every state type and field the
 * emulator does not run. Throws a DefinitionError listing each problem with its state and field.
 */
export function validateDefinition(definition: unknown, stateMachineName: string): AslDefinition {
  if (!isJsonObject(definition)) {
    throw definitionError(stateMachineName, 'is not valid', [
      'the definition is not a JSON object',
    ]);
  }

  const schemaProblems = aslProblems(definition);
  if (schemaProblems.length > 0) {
    throw definitionError(stateMachineName, 'is not valid Amazon States Language', schemaProblems);
  }

  const envelope = DefinitionEnvelopeSchema.safeParse(definition);
  if (!envelope.success) {
    const problems = describeIssues(envelope.error, 'top level');
    throw definitionError(stateMachineName, 'uses what the emulator does not support', problems);
  }

  const { states, problems } = parseStates(envelope.data.States);
  if (problems.length > 0) {
    throw definitionError(stateMachineName, 'uses what the emulator does not support', problems);
  }
  return { ...envelope.data, States: states };
}

function parseStates(raw: Record<string, unknown>): {
  states: Record<string, AslState>;
  problems: string[];
} {
  const states: Record<string, AslState> = {};

  const problems = Object.entries(raw).flatMap(([name, candidate]) => {
    const parsed = parseState(name, candidate);
    if ('problems' in parsed) {
      return parsed.problems;
    }
    states[name] = parsed.state;
    return findStateProblems(parsed.state).map((problem) => `state '${name}': ${problem}`);
  });
  return { states, problems };
}

function aslProblems(definition: unknown): string[] {
  // asl-validator writes defaults into the object it checks; give it a copy.
  const result = aslValidator(structuredClone(definition));

  return result.isValid
    ? []
    : result.errors.map((error) => `${error['Error code']}: ${error.Message}`);
}

function parseState(name: string, raw: unknown): { state: AslState } | { problems: string[] } {
  const type = typeof raw === 'object' && raw !== null ? Reflect.get(raw, 'Type') : undefined;
  if (!isSupportedType(type)) {
    return {
      problems: [
        `state '${name}': Type '${String(type)}' is not supported by the emulator ` +
          `(supported: ${SUPPORTED_TYPES.join(', ')})`,
      ],
    };
  }

  const schema: z.ZodType<AslState> = STATE_SCHEMAS[type];
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { state: parsed.data }
    : { problems: describeIssues(parsed.error, `state '${name}'`) };
}

function isSupportedType(type: unknown): type is keyof typeof STATE_SCHEMAS {
  return typeof type === 'string' && Object.hasOwn(STATE_SCHEMAS, type);
}

function describeIssues(error: z.ZodError, where: string): string[] {
  return error.issues.map((issue) => {
    const field = formatField(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const fields = issue.keys.map((key) => `'${field === '' ? key : `${field}.${key}`}'`);
      return `${where}: field ${fields.join(', ')} is not supported by the emulator`;
    }
    return `${where}: field '${field}': ${issue.message}`;
  });
}

function formatField(path: readonly PropertyKey[]): string {
  return path
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('')
    .replace(/^\./, '');
}

function definitionError(name: string, summary: string, problems: string[]): DefinitionError {
  const list = problems.map((problem) => `  - ${problem}`).join('\n');

  return new DefinitionError(`State machine '${name}' ${summary}:\n${list}`);
}
