import { DefinitionError, StatesError } from './sfn-errors';

/** One step of a simple JSONPath: an object key or an array index. */
export type PathSegment = string | number;

/** A parsed simple JSONPath: the document it starts from and the steps into it. */
export interface ParsedPath {
  /** `$` reads the state's data, `$$` the context object. */
  root: 'data' | 'context';
  segments: PathSegment[];
}

/** The value a path leads to, or that it leads nowhere. */
export type PathLookup = { found: true; value: unknown } | { found: false };

const NAME_BREAK = /[.[\]*?@(),'"\s]/;

/**
 * Parses `$`, `$.a.b`, `$.list[0]`, `$['key']` and the `$$` context root. Wildcards, filters,
 * slices, unions and recursive descent are refused: the emulator reads single values only.
 */
export function parsePath(path: string): ParsedPath {
  if (!path.startsWith('$')) {
    throw new DefinitionError(`path '${path}' must start with '$'`);
  }

  const root = path.startsWith('$$') ? 'context' : 'data';
  const segments: PathSegment[] = [];
  let rest = path.slice(root === 'context' ? 2 : 1);
  while (rest.length > 0) {
    const [segment, length] = readSegment(path, rest);
    segments.push(segment);
    rest = rest.slice(length);
  }

  return { root, segments };
}

/** Whether a string is a path the emulator can evaluate. */
export function isSupportedPath(path: string): boolean {
  try {
    parsePath(path);
    return true;
  } catch {
    return false;
  }
}

function readSegment(path: string, rest: string): [PathSegment, number] {
  if (rest.startsWith('.')) {
    return readDotSegment(path, rest);
  }

  if (rest.startsWith("['") || rest.startsWith('["')) {
    const quote = rest.charAt(1);
    const end = rest.indexOf(`${quote}]`, 2);
    if (end > 2) {
      return [rest.slice(2, end), end + 2];
    }
  }

  const index = /^\[(\d+)\]/.exec(rest);
  if (index?.[1] !== undefined) {
    return [Number(index[1]), index[0].length];
  }

  throw unsupportedPath(path);
}

function readDotSegment(path: string, rest: string): [PathSegment, number] {
  const body = rest.slice(1);
  const breakAt = body.search(NAME_BREAK);
  const name = breakAt === -1 ? body : body.slice(0, breakAt);
  const next = body.charAt(name.length);
  if (name.length === 0 || (next !== '' && next !== '.' && next !== '[')) {
    throw unsupportedPath(path);
  }

  return [name, name.length + 1];
}

function unsupportedPath(path: string): DefinitionError {
  return new DefinitionError(
    `path '${path}' is not supported: use '$', '$.name', '$.list[0]' or "$['name']" ` +
      '(no wildcards, filters, slices or recursive descent)',
  );
}

/** Follows a path's segments through a JSON document. */
export function lookupPath(document: unknown, segments: readonly PathSegment[]): PathLookup {
  let current = document;
  for (const segment of segments) {
    const step = stepInto(current, segment);
    if (!step.found) {
      return step;
    }
    current = step.value;
  }

  return { found: true, value: current };
}

function stepInto(container: unknown, segment: PathSegment): PathLookup {
  if (typeof segment === 'number') {
    return Array.isArray(container) && segment < container.length
      ? { found: true, value: container[segment] }
      : { found: false };
  }

  if (isJsonObject(container) && Object.hasOwn(container, segment)) {
    return { found: true, value: container[segment] };
  }

  return { found: false };
}

/** Reads a path that must exist; a missing value is the `States.Runtime` error AWS raises. */
export function readPath(document: unknown, path: string): unknown {
  const lookup = lookupPath(document, parsePath(path).segments);
  if (!lookup.found) {
    throw new StatesError('States.Runtime', `Invalid path '${path}': no value found at this path`);
  }

  return lookup.value;
}

/**
 * Returns a copy of `document` with `value` placed at `segments` (ResultPath semantics):
 * missing objects on the way are created, the input itself is never modified.
 */
export function writePath(
  document: unknown,
  segments: readonly PathSegment[],
  value: unknown,
): unknown {
  const [head, ...tail] = segments;
  if (head === undefined) {
    return value;
  }

  if (typeof head === 'number') {
    if (!Array.isArray(document) || head >= document.length) {
      throw new StatesError('States.Runtime', `ResultPath index [${head}] is not in the input`);
    }
    return document.map((item, index) => (index === head ? writePath(item, tail, value) : item));
  }

  const container = document === undefined ? {} : document;
  if (!isJsonObject(container)) {
    throw new StatesError('States.Runtime', `ResultPath field '${head}' is not in an object`);
  }
  const existing = Object.hasOwn(container, head) ? container[head] : undefined;
  return { ...container, [head]: writePath(existing, tail, value) };
}

/** Whether a value is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
