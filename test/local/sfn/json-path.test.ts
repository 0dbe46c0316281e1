import { describe, expect, it } from 'vitest';
import { lookupPath, parsePath, readPath, writePath } from '../../../local/sfn/json-path';
import { DefinitionError, StatesError } from '../../../local/sfn/sfn-errors';

describe('parsePath', () => {
  it('parses dot names, bracket names and array indexes', () => {
    expect(parsePath("$.incident['service-name'].signals[2].value")).toEqual({
      root: 'data',
      segments: ['incident', 'service-name', 'signals', 2, 'value'],
    });
  });

  it('parses the context root', () => {
    expect(parsePath('$$.Task.Token')).toEqual({ root: 'context', segments: ['Task', 'Token'] });
  });

  it.each(['$.items[*]', '$..name', '$.items[?(@.x)]', '$.items[0:2]', '$.items[-1]', 'name'])(
    'refuses %s',
    (path) => {
      expect(() => parsePath(path)).toThrow(DefinitionError);
    },
  );
});

describe('readPath', () => {
  it('reads a nested value', () => {
    expect(readPath({ a: { b: [10, 20] } }, '$.a.b[1]')).toBe(20);
  });

  it('raises States.Runtime when nothing is at the path', () => {
    expect(() => readPath({ a: {} }, '$.a.missing')).toThrow(StatesError);
  });

  it('does not read inherited properties', () => {
    expect(lookupPath({}, ['constructor'])).toEqual({ found: false });
  });
});

describe('writePath', () => {
  it('creates the objects on the way without touching the input', () => {
    const input = { keep: 1 };

    const output = writePath(input, ['result', 'approval'], { approved: true });

    expect(output).toEqual({ keep: 1, result: { approval: { approved: true } } });
    expect(input).toEqual({ keep: 1 });
  });

  it('raises States.Runtime when a field on the way is not an object', () => {
    expect(() => writePath({ result: 'text' }, ['result', 'x'], 1)).toThrow(StatesError);
  });
});
