import { CONTEXT_FIELDS } from './context-object';
import { evaluateIntrinsic, intrinsicPaths, parseIntrinsic } from './intrinsic-functions';
import { isJsonObject, parsePath, readPath } from './json-path';
import { DefinitionError } from './sfn-errors';

/** The two documents a payload template reads: the state's data (`$`) and the context (`$$`). */
export interface TemplateSources {
  data: unknown;
  context: unknown;
}

const DYNAMIC_SUFFIX = '.$';

/**
 * Builds the JSON a `Parameters` or `ResultSelector` template describes: a key ending in `.$`
 * takes the value of its path or intrinsic function, under the key without the suffix.
 */
export function evaluatePayloadTemplate(template: unknown, sources: TemplateSources): unknown {
  if (Array.isArray(template)) {
    return template.map((item) => evaluatePayloadTemplate(item, sources));
  }
  if (!isJsonObject(template)) {
    return template;
  }

  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(DYNAMIC_SUFFIX) && typeof value === 'string') {
      payload[key.slice(0, -DYNAMIC_SUFFIX.length)] = evaluateDynamicValue(value, sources);
    } else {
      payload[key] = evaluatePayloadTemplate(value, sources);
    }
  }
  return payload;
}

/** Evaluates one `.$` value: a path into the data or context, or an intrinsic function. */
export function evaluateDynamicValue(expression: string, sources: TemplateSources): unknown {
  if (expression.startsWith('$')) {
    return resolveSourcePath(expression, sources);
  }

  const call = parseIntrinsic(expression);
  return evaluateIntrinsic(call, (path) => resolveSourcePath(path, sources));
}

function resolveSourcePath(path: string, sources: TemplateSources): unknown {
  return readPath(path.startsWith('$$') ? sources.context : sources.data, path);
}

/**
 * Lists what the emulator cannot evaluate in a template, each problem naming the template
 * field it is in (e.g. `Parameters.Payload.token.$`).
 */
export function findTemplateProblems(template: unknown, field: string): string[] {
  if (Array.isArray(template)) {
    return template.flatMap((item, index) => findTemplateProblems(item, `${field}[${index}]`));
  }
  if (!isJsonObject(template)) {
    return [];
  }

  return Object.entries(template).flatMap(([key, value]) => {
    const name = `${field}.${key}`;
    if (!key.endsWith(DYNAMIC_SUFFIX)) {
      return findTemplateProblems(value, name);
    }
    return typeof value === 'string'
      ? dynamicValueProblems(value, name)
      : [`field '${name}': a key ending in '.$' needs a path or intrinsic function as a string`];
  });
}

function dynamicValueProblems(expression: string, field: string): string[] {
  try {
    const paths = expression.startsWith('$')
      ? [expression]
      : intrinsicPaths(parseIntrinsic(expression));
    return paths.filter((path) => !isKnownContextPath(path)).map(unknownContextProblem(field));
  } catch (error) {
    if (error instanceof DefinitionError) {
      return [`field '${field}': ${error.message}`];
    }
    throw error;
  }
}

function isKnownContextPath(path: string): boolean {
  const parsed = parsePath(path);
  const [first] = parsed.segments;

  if (parsed.root === 'data' || first === undefined) {
    return true;
  }
  return typeof first === 'string' && CONTEXT_FIELDS.includes(first);
}

function unknownContextProblem(field: string): (path: string) => string {
  return (path) =>
    `field '${field}': context path '${path}' is not supported (the emulator provides ` +
    `${CONTEXT_FIELDS.map((name) => `$$.${name}`).join(', ')})`;
}
