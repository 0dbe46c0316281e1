import type { DryRunCheck, DryRunResult } from './dry-run';
import {
  type ParameterValidation,
  type ParameterValue,
  quoteUntrusted,
  validatePlaybookParameters,
} from './parameter-validation';
import type { Playbook } from './playbook';
import { PLAYBOOK_CATALOG } from './playbook-catalog';

/** Steps with their `{parameter}` placeholders filled in, and the placeholders left open. */
export interface ResolvedSteps {
  steps: string[];
  /** Placeholders without a value, as `{name} in step n`. */
  unresolved: string[];
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Problems listed in a check's detail before the rest are only counted. */
const MAX_LISTED_PROBLEMS = 10;

const NOT_CHECKED = 'not checked: the playbook is not in the built-in catalog';

/** Fills each step's `{parameter}` placeholders from resolved parameter values. */
export function resolvePlaybookSteps(
  playbook: Playbook,
  parameters: Record<string, ParameterValue>,
): ResolvedSteps {
  const unresolved: string[] = [];
  const steps = playbook.steps.map((step, index) =>
    step.replace(PLACEHOLDER, (placeholder, name: string) => {
      const value = Object.hasOwn(parameters, name) ? parameters[name] : undefined;
      if (value !== undefined) return String(value);

      unresolved.push(`${placeholder} in step ${index + 1}`);
      return placeholder;
    }),
  );

  return { steps, unresolved };
}

/**
 * Simulates a dry-run, labelled as such, for when no registry is configured.
 *
 * Checks that the playbook is the catalog's, its parameters are valid, every step resolves and
 * its risk agrees with its pre-approval; valid only when every check passes.
 */
export function simulateDryRun(
  playbook: Playbook,
  parameters: Record<string, unknown>,
  catalog: readonly Playbook[] = PLAYBOOK_CATALOG,
): DryRunResult {
  const validation = validatePlaybookParameters(playbook, parameters);
  const checks = [
    knownCheck(playbook, catalog),
    parametersCheck(playbook, parameters, validation),
    stepsCheck(resolvePlaybookSteps(playbook, validation.parameters)),
    riskCheck(playbook),
  ];

  return verdict(checks);
}

/** Simulates a dry-run of the catalog playbook with this id; an unknown id fails every check. */
export function simulateDryRunById(
  playbookId: string,
  parameters: Record<string, unknown>,
  catalog: readonly Playbook[] = PLAYBOOK_CATALOG,
): DryRunResult {
  const playbook = catalog.find((candidate) => candidate.id === playbookId);
  if (playbook !== undefined) return simulateDryRun(playbook, parameters, catalog);

  const unknown = `playbook ${quoteUntrusted(playbookId)} is not in the built-in catalog`;
  return verdict([
    { name: 'playbook-known', passed: false, detail: unknown },
    { name: 'parameters-valid', passed: false, detail: NOT_CHECKED },
    { name: 'steps-resolved', passed: false, detail: NOT_CHECKED },
    { name: 'risk-assessed', passed: false, detail: NOT_CHECKED },
  ]);
}

function verdict(checks: DryRunCheck[]): DryRunResult {
  return { valid: checks.every((check) => check.passed), checks, source: 'simulation' };
}

function knownCheck(playbook: Playbook, catalog: readonly Playbook[]): DryRunCheck {
  const listed = catalog.find((candidate) => candidate.id === playbook.id);
  const name = 'playbook-known';
  if (listed === undefined) {
    const detail = `playbook ${quoteUntrusted(playbook.id)} is not in the built-in catalog`;
    return { name, passed: false, detail };
  }

  if (listed.version !== playbook.version) {
    const asked = quoteUntrusted(playbook.version);
    const detail = `the built-in catalog has ${listed.id}@${listed.version}, not ${asked}`;
    return { name, passed: false, detail };
  }
  return {
    name,
    passed: true,
    detail: `${listed.id}@${listed.version} is in the built-in catalog`,
  };
}

function parametersCheck(
  playbook: Playbook,
  supplied: Record<string, unknown>,
  validation: ParameterValidation,
): DryRunCheck {
  const name = 'parameters-valid';
  if (validation.problems.length > 0) {
    return { name, passed: false, detail: listProblems(validation.problems) };
  }

  const defaulted = playbook.parameters
    .filter((parameter) => !Object.hasOwn(supplied, parameter.name))
    .filter((parameter) => parameter.default !== undefined)
    .map((parameter) => `${parameter.name}=${String(parameter.default)}`);
  const count = `${playbook.parameters.length} parameter(s) valid`;
  const detail = defaulted.length > 0 ? `${count}; defaults: ${defaulted.join(', ')}` : count;
  return { name, passed: true, detail };
}

function listProblems(problems: readonly string[]): string {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
  const more = problems.length - MAX_LISTED_PROBLEMS;
  return more > 0 ? `${listed}; and ${more} more` : listed;
}

function stepsCheck(resolved: ResolvedSteps): DryRunCheck {
  const name = 'steps-resolved';
  if (resolved.steps.length === 0) {
    return { name, passed: false, detail: 'the playbook has no steps' };
  }
  if (resolved.unresolved.length > 0) {
    const detail = `no value for ${resolved.unresolved.join(', ')}`;
    return { name, passed: false, detail };
  }

  const numbered = resolved.steps.map((step, index) => `${index + 1}. ${step}`);
  return { name, passed: true, detail: numbered.join('; ') };
}

function riskCheck(playbook: Playbook): DryRunCheck {
  const name = 'risk-assessed';
  if (playbook.preApproved && playbook.risk !== 'low') {
    const detail = `risk ${playbook.risk}, yet marked pre-approved: only low-risk playbooks may be`;
    return { name, passed: false, detail };
  }

  const approval = playbook.preApproved
    ? 'pre-approved, so auto mode may run it without a human'
    : 'not pre-approved, so a human must approve it';
  return { name, passed: true, detail: `risk ${playbook.risk}; ${approval}` };
}
