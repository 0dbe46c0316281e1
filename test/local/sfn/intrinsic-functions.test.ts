import { describe, expect, it } from 'vitest';
import { evaluateIntrinsic, parseIntrinsic } from '../../../local/sfn/intrinsic-functions';
import { readPath } from '../../../local/sfn/json-path';
import { DefinitionError, StatesError } from '../../../local/sfn/sfn-errors';

const data = { name: 'db-1', count: 3, nested: { ok: true }, text: '{"a":[1,2]}' };

function evaluate(expression: string): unknown {
  return evaluateIntrinsic(parseIntrinsic(expression), (path) => readPath(data, path));
}

describe('evaluateIntrinsic', () => {
  it('formats strings, numbers and booleans into a template', () => {
    expect(evaluate("States.Format('{} has {} checks, ok={}', $.name, $.count, true)")).toBe(
      'db-1 has 3 checks, ok=true',
    );
  });

  it('keeps escaped braces and quotes literal in a template', () => {
    expect(evaluate("States.Format('\\{{}\\} it\\'s', $.name)")).toBe("{db-1} it's");
  });

  it('converts between JSON text and values, nested calls included', () => {
    expect(evaluate('States.StringToJson($.text)')).toEqual({ a: [1, 2] });
    expect(evaluate('States.JsonToString($.nested)')).toBe('{"ok":true}');
    expect(evaluate('States.Array($.count, States.JsonToString($.nested), null)')).toEqual([
      3,
      '{"ok":true}',
      null,
    ]);
  });

  it('raises States.IntrinsicFailure when placeholders and values differ in number', () => {
    expect(() => evaluate("States.Format('{} {}', $.name)")).toThrow(StatesError);
  });
});

describe('parseIntrinsic', () => {
  it('refuses unknown functions, wrong arity and malformed calls', () => {
    expect(() => parseIntrinsic('States.UUID()')).toThrow(/'States.UUID' is not supported/);
    expect(() => parseIntrinsic('States.StringToJson($.a, $.b)')).toThrow(DefinitionError);
    expect(() => parseIntrinsic("States.Format('open")).toThrow(/unterminated string literal/);
  });
});
