import type { AslState, Catcher, Retrier, TaskState, WaitState } from './asl-schema';
import { findChoiceRuleProblems } from './choice-rules';
import { isJsonObject, isSupportedPath } from './json-path';
import { findTemplateProblems } from './payload-template';
import {
  describeSupportedResources,
  INVOKE_PARAMETER_FIELDS,
  taskResourceKind,
} from './task-resource';

/**
 * Lists what the emulator cannot run in a state that already has the right shape: paths,
 * payload templates, Task resources, Retry and Catch order, Choice rules.
 */
export function findStateProblems(state: AslState): string[] {
  const problems = state.Type === 'Fail' ? [] : inputOutputProblems(state);

  switch (state.Type) {
    case 'Task':
      return problems.concat(taskProblems(state));
    case 'Pass':
      return problems.concat(
        findTemplateProblems(state.Parameters, 'Parameters'),
        dataPathProblems('ResultPath', state.ResultPath),
      );
    case 'Wait':
      return problems.concat(waitProblems(state));
    case 'Choice':
      return problems.concat(
        state.Choices.flatMap((rule, index) =>
          findChoiceRuleProblems(rule, `Choices[${index}]`, true),
        ),
      );
    default:
      return problems;
  }
}

function inputOutputProblems(state: Exclude<AslState, { Type: 'Fail' }>): string[] {
  return [
    ...dataPathProblems('InputPath', state.InputPath),
    ...dataPathProblems('OutputPath', state.OutputPath),
  ];
}

function waitProblems(state: WaitState): string[] {
  return [
    ...dataPathProblems('SecondsPath', state.SecondsPath),
    ...dataPathProblems('TimestampPath', state.TimestampPath),
  ];
}

function taskProblems(state: TaskState): string[] {
  const problems = [
    ...resourceProblems(state),
    ...findTemplateProblems(state.Parameters, 'Parameters'),
    ...findTemplateProblems(state.ResultSelector, 'ResultSelector'),
    ...dataPathProblems('ResultPath', state.ResultPath),
    ...errorOrderProblems('Retry', state.Retry ?? []),
    ...errorOrderProblems('Catch', state.Catch ?? []),
    ...(state.Catch ?? []).flatMap((catcher, index) =>
      dataPathProblems(`Catch[${index}].ResultPath`, catcher.ResultPath),
    ),
  ];

  const { HeartbeatSeconds: heartbeat, TimeoutSeconds: timeout } = state;
  if (heartbeat !== undefined && timeout !== undefined && heartbeat >= timeout) {
    problems.push("field 'HeartbeatSeconds' must be smaller than TimeoutSeconds");
  }
  return problems;
}

function resourceProblems(state: TaskState): string[] {
  const kind = taskResourceKind(state.Resource);
  if (kind === undefined) {
    return [
      `field 'Resource': '${state.Resource}' is not supported ` +
        `(supported: ${describeSupportedResources()})`,
    ];
  }
  if (kind === 'lambda-function') {
    return [];
  }

  const parameters = isJsonObject(state.Parameters) ? state.Parameters : {};
  const problems = Object.keys(parameters)
    .filter((key) => !INVOKE_PARAMETER_FIELDS.includes(key))
    .map((key) => `field 'Parameters.${key}' is not supported for ${state.Resource}`);
  if (!('FunctionName' in parameters) && !('FunctionName.$' in parameters)) {
    problems.push(`field 'Parameters.FunctionName' is required for ${state.Resource}`);
  }
  return problems;
}

function errorOrderProblems(field: string, entries: readonly (Retrier | Catcher)[]): string[] {
  return entries.flatMap((entry, index) => {
    const hasAll = entry.ErrorEquals.includes('States.ALL');
    const misplaced = entry.ErrorEquals.length > 1 || index !== entries.length - 1;
    return hasAll && misplaced
      ? [`field '${field}[${index}].ErrorEquals': States.ALL must be alone, in the last entry`]
      : [];
  });
}

function dataPathProblems(field: string, path: string | null | undefined): string[] {
  if (path === null || path === undefined) {
    return [];
  }
  if (isSupportedPath(path) && !path.startsWith('$$')) {
    return [];
  }

  return [`field '${field}': path '${path}' is not supported (use '$', '$.a.b' or '$.a[0]')`];
}
