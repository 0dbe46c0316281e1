import { parsePath } from './json-path';
import { DefinitionError, StatesError } from './sfn-errors';

/** The intrinsic functions the emulator evaluates in payload templates. */
export const SUPPORTED_INTRINSICS = [
  'States.Format',
  'States.StringToJson',
  'States.JsonToString',
  'States.Array',
] as const;

/** The name of an intrinsic function the emulator evaluates. */
export type IntrinsicName = (typeof SUPPORTED_INTRINSICS)[number];

/** An argument of an intrinsic function call. */
export type IntrinsicArgument =
  | { kind: 'literal'; value: string | number | boolean | null; templateParts?: string[] }
  | { kind: 'path'; path: string }
  | { kind: 'call'; call: IntrinsicCall };

/** A parsed call such as `States.Format('Hello {}', $.name)`. */
export interface IntrinsicCall {
  name: IntrinsicName;
  args: IntrinsicArgument[];
}

const ARITY: Record<IntrinsicName, { min: number; max: number }> = {
  'States.Format': { min: 1, max: Number.POSITIVE_INFINITY },
  'States.StringToJson': { min: 1, max: 1 },
  'States.JsonToString': { min: 1, max: 1 },
  'States.Array': { min: 0, max: Number.POSITIVE_INFINITY },
};

/** Parses an intrinsic function call; unknown functions and bad syntax throw a DefinitionError. */
export function parseIntrinsic(text: string): IntrinsicCall {
  const parser = new IntrinsicParser(text);
  const call = parser.call();

  parser.skipSpaces();
  if (!parser.atEnd()) {
    throw parser.fail('unexpected text after the closing parenthesis');
  }
  return call;
}

class IntrinsicParser {
  private position = 0;

  constructor(private readonly text: string) {}

  call(): IntrinsicCall {
    const name = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.position))?.[0];
    if (name === undefined) {
      throw this.fail("expected an intrinsic function such as 'States.Format(...)'");
    }
    if (!isSupportedIntrinsic(name)) {
      const supported = SUPPORTED_INTRINSICS.join(', ');
      throw new DefinitionError(
        `intrinsic function '${name}' is not supported (supported: ${supported})`,
      );
    }

    this.position += name.length;
    this.expect('(');
    const args = this.argumentList();
    const arity = ARITY[name];
    if (args.length < arity.min || args.length > arity.max) {
      throw new DefinitionError(`intrinsic function '${name}' got ${args.length} arguments`);
    }
    return { name, args };
  }

  private argumentList(): IntrinsicArgument[] {
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.peek() === ')') {
      this.position += 1;
      return args;
    }

    for (;;) {
      this.skipSpaces();
      args.push(this.argument());
      this.skipSpaces();
      const separator = this.peek();
      this.position += 1;
      if (separator === ')') {
        return args;
      }
      if (separator !== ',') {
        throw this.fail("expected ',' or ')'");
      }
    }
  }

  private argument(): IntrinsicArgument {
    const rest = this.text.slice(this.position);
    if (rest.startsWith("'")) {
      return this.stringLiteral();
    }
    if (rest.startsWith('$')) {
      return this.path();
    }
    if (rest.startsWith('States.')) {
      return { kind: 'call', call: this.call() };
    }

    const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)(?=\s*[,)])/.exec(rest)?.[0];
    if (literal === undefined) {
      throw this.fail('expected a string, number, boolean, null, path or intrinsic function');
    }
    this.position += literal.length;
    return { kind: 'literal', value: JSON.parse(literal) as number | boolean | null };
  }

  private stringLiteral(): IntrinsicArgument {
    const parts = [''];
    let value = '';
    this.position += 1;
    for (;;) {
      const char = this.peek();
      this.position += 1;
      if (char === '') {
        throw this.fail('unterminated string literal');
      }
      if (char === "'") {
        return { kind: 'literal', value, templateParts: parts };
      }

      if (char === '{' && this.peek() === '}') {
        this.position += 1;
        parts.push('');
        value += '{}';
        continue;
      }
      const literal = char === '\\' ? this.escaped() : char;
      value += literal;
      parts[parts.length - 1] += literal;
    }
  }

  private escaped(): string {
    const char = this.peek();
    if (!["'", '{', '}', '\\'].includes(char)) {
      throw this.fail(`'\\${char}' is not an escape sequence (use \\' \\{ \\} or \\\\)`);
    }

    this.position += 1;
    return char;
  }

  private path(): IntrinsicArgument {
    const start = this.position;
    let depth = 0;
    while (!this.atEnd()) {
      const char = this.peek();
      if (depth === 0 && (char === ',' || char === ')' || char === ' ')) {
        break;
      }
      depth += char === '[' ? 1 : char === ']' ? -1 : 0;
      this.position += 1;
    }

    const path = this.text.slice(start, this.position);
    parsePath(path);
    return { kind: 'path', path };
  }

  private expect(char: string): void {
    if (this.peek() !== char) {
      throw this.fail(`expected '${char}'`);
    }
    this.position += 1;
  }

  private peek(): string {
    return this.text.charAt(this.position);
  }

  skipSpaces(): void {
    while (this.peek() === ' ') {
      this.position += 1;
    }
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  fail(reason: string): DefinitionError {
    return new DefinitionError(
      `intrinsic function call '${this.text}' is malformed at offset ${this.position}: ${reason}`,
    );
  }
}

function isSupportedIntrinsic(name: string): name is IntrinsicName {
  return (SUPPORTED_INTRINSICS as readonly string[]).includes(name);
}

/** Reads the value a path argument points at. */
export type PathResolver = (path: string) => unknown;

/** Evaluates a parsed call; a bad argument value is the catchable `States.IntrinsicFailure`. */
export function evaluateIntrinsic(call: IntrinsicCall, resolvePath: PathResolver): unknown {
  const values = call.args.map((arg) => argumentValue(arg, resolvePath));

  switch (call.name) {
    case 'States.Array':
      return values;
    case 'States.JsonToString':
      return JSON.stringify(values[0]);
    case 'States.StringToJson':
      return parseJsonArgument(values[0]);
    case 'States.Format':
      return format(call.args[0], values);
  }
}

function argumentValue(arg: IntrinsicArgument, resolvePath: PathResolver): unknown {
  switch (arg.kind) {
    case 'literal':
      return arg.value;
    case 'path':
      return resolvePath(arg.path);
    case 'call':
      return evaluateIntrinsic(arg.call, resolvePath);
  }
}

function parseJsonArgument(value: unknown): unknown {
  if (typeof value !== 'string') {
    throw intrinsicFailure('States.StringToJson needs a string argument');
  }

  try {
    return JSON.parse(value);
  } catch (error) {
    throw intrinsicFailure('States.StringToJson got a string that is not JSON', error);
  }
}

function format(templateArg: IntrinsicArgument | undefined, values: unknown[]): string {
  const [template, ...fillers] = values;
  if (typeof template !== 'string') {
    throw intrinsicFailure('States.Format needs a string as its first argument');
  }

  const parts = templateArg?.kind === 'literal' ? templateArg.templateParts : undefined;
  const pieces = parts ?? template.split('{}');
  if (pieces.length - 1 !== fillers.length) {
    throw intrinsicFailure(
      `States.Format has ${pieces.length - 1} placeholders but ${fillers.length} values`,
    );
  }
  return pieces.reduce((text, piece, index) => text + formatValue(fillers[index - 1]) + piece);
}

function formatValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    throw intrinsicFailure('States.Format takes strings, numbers, booleans and null only');
  }

  return typeof value === 'string' ? value : JSON.stringify(value);
}

function intrinsicFailure(message: string, cause?: unknown): StatesError {
  return new StatesError('States.IntrinsicFailure', message, { cause });
}

/** Every path an intrinsic function call reads, nested calls included. */
export function intrinsicPaths(call: IntrinsicCall): string[] {
  return call.args.flatMap((arg) => {
    if (arg.kind === 'path') {
      return [arg.path];
    }
    return arg.kind === 'call' ? intrinsicPaths(arg.call) : [];
  });
}
