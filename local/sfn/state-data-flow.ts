import type {
  Catcher,
  ChoiceState,
  PassState,
  SucceedState,
  TaskState,
  WaitState,
} from './asl-schema';
import { selectChoice } from './choice-rules';
import type { ContextObject } from './context-object';
import { parsePath, readPath, writePath } from './json-path';
import { evaluatePayloadTemplate } from './payload-template';
import { StatesError } from './sfn-errors';

type Path = string | null | undefined;

/** InputPath: the part of the raw input a state works on (`null` means `{}`). */
export function applyInputPath(path: Path, rawInput: unknown): unknown {
  if (path === null) {
    return {};
  }

  return path === undefined ? rawInput : readPath(rawInput, path);
}

/** OutputPath: the part of a state's result that becomes its output (`null` means `{}`). */
export function applyOutputPath(path: Path, value: unknown): unknown {
  return applyInputPath(path, value);
}

/** ResultPath: where a result goes in the raw input (`null` discards it, absent replaces all). */
export function applyResultPath(path: Path, rawInput: unknown, result: unknown): unknown {
  if (path === null) {
    return rawInput;
  }

  return path === undefined ? result : writePath(rawInput, parsePath(path).segments, result);
}

/** The output of a Pass state. */
export function passOutput(state: PassState, rawInput: unknown, context: ContextObject): unknown {
  const effective = applyInputPath(state.InputPath, rawInput);
  const parameters = parametersOf(state.Parameters, effective, context);

  const result = state.Result === undefined ? parameters : state.Result;
  return applyOutputPath(state.OutputPath, applyResultPath(state.ResultPath, rawInput, result));
}

/** The next state and output of a Choice state. */
export function choiceOutcome(
  state: ChoiceState,
  rawInput: unknown,
): { next: string; output: unknown } {
  const effective = applyInputPath(state.InputPath, rawInput);

  return {
    next: selectChoice(state, effective),
    output: applyOutputPath(state.OutputPath, effective),
  };
}

/** The output of a Succeed or Wait state: InputPath then OutputPath. */
export function passThroughOutput(state: SucceedState | WaitState, rawInput: unknown): unknown {
  return applyOutputPath(state.OutputPath, applyInputPath(state.InputPath, rawInput));
}

/** When a Wait state ends, in epoch milliseconds. */
export function waitEndsAt(state: WaitState, rawInput: unknown, enteredAt: number): number {
  const effective = applyInputPath(state.InputPath, rawInput);
  const seconds =
    state.SecondsPath === undefined ? state.Seconds : readPath(effective, state.SecondsPath);
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new StatesError(
        'States.Runtime',
        'The Wait state seconds are not a non-negative integer',
      );
    }
    return enteredAt + seconds * 1000;
  }

  const timestamp =
    state.TimestampPath === undefined ? state.Timestamp : readPath(effective, state.TimestampPath);
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new StatesError('States.Runtime', 'The Wait state timestamp is not an ISO 8601 date');
  }
  return at;
}

/** The effective parameters of a Task: InputPath, then the Parameters template. */
export function taskParameters(
  state: TaskState,
  rawInput: unknown,
  context: ContextObject,
): unknown {
  return parametersOf(state.Parameters, applyInputPath(state.InputPath, rawInput), context);
}

/** The output of a Task for its result: ResultSelector, ResultPath, OutputPath. */
export function taskOutput(
  state: TaskState,
  rawInput: unknown,
  result: unknown,
  context: ContextObject,
): unknown {
  const selected =
    state.ResultSelector === undefined
      ? result
      : evaluatePayloadTemplate(state.ResultSelector, { data: result, context });

  return applyOutputPath(state.OutputPath, applyResultPath(state.ResultPath, rawInput, selected));
}

/** The input of the state a Catch goes to: the raw input with `{Error, Cause}` at ResultPath. */
export function catchOutput(
  catcher: Catcher,
  rawInput: unknown,
  error: string,
  cause: string,
): unknown {
  return applyResultPath(catcher.ResultPath, rawInput, { Error: error, Cause: cause });
}

function parametersOf(template: unknown, effective: unknown, context: ContextObject): unknown {
  return template === undefined
    ? effective
    : evaluatePayloadTemplate(template, { data: effective, context });
}
