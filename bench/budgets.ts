import { HANDLERS } from '../infra/handlers';
import {
  type BenchResults,
  type BundleResults,
  type ColdStartResults,
  type ColdStartRow,
  isSectionError,
} from './bench-results';
import { round } from './statistics';

/** How one budget fared in a run. */
export interface BudgetOutcome {
  budget: string;
  limit: string;
  measured: string;
  status: 'met' | 'missed' | 'not measured';
  reason?: string;
}

/** The performance budgets the service is held to, as numbers. */
export const BUDGETS = {
  handlerBundleOverSdkFloor: 1.15,
  authorizerBundleOverJoseFloor: 3,
  handlerColdStartOverSdkFloor: 1.25,
  authorizerColdStartOverJoseFloorMs: 5,
  manualTransitions: 6,
  autoTransitions: 3,
  manualCostPerThousandUsd: 0.2,
  auditOverFloor: 0.8,
  authorizerOverFloor: 0.8,
  jwksFetchesPerColdStart: 1,
} as const;

const AUTHORIZER = 'Authorizer';

/** Evaluates every budget from the measurements alone; an unmeasured budget is not met. */
export function evaluateBudgets(results: BenchResults): BudgetOutcome[] {
  return [
    ...bundleBudgets(results),
    ...coldStartBudgets(results),
    ...requestBudgets(results),
    ...auditBudgets(results),
    ...authorizerBudgets(results),
  ];
}

/** The budgets a run missed or could not measure. */
export function unmetBudgets(outcomes: readonly BudgetOutcome[]): BudgetOutcome[] {
  return outcomes.filter((outcome) => outcome.status !== 'met');
}

function handlerNames(): string[] {
  return HANDLERS.map((handler) => handler.name).filter((name) => name !== AUTHORIZER);
}

function bundleBudgets(results: BenchResults): BudgetOutcome[] {
  const section = results.bundles;
  const factor = BUDGETS.handlerBundleOverSdkFloor;
  const outcomes = handlerNames().map((name) => {
    const budget = `bundle size: ${name}`;
    if (isSectionError(section))
      return notMeasured(budget, `≤ ${factor}× SDK floor`, section.error);
    const floor = section.floors.sdk.bundledKib;
    const size = findSize(section, name);
    const limit = `≤ ${factor}× SDK floor (${floor} KiB), SDK bundled in both`;
    if (size?.bundledKib === undefined || floor === undefined) {
      return notMeasured(budget, limit, size?.error ?? 'no bundle');
    }
    return ratioOutcome(budget, limit, size.bundledKib, floor, factor, 'KiB');
  });
  return [...outcomes, authorizerBundleBudget(section)];
}

function authorizerBundleBudget(section: BundleResults | { error: string }): BudgetOutcome {
  const factor = BUDGETS.authorizerBundleOverJoseFloor;
  const budget = `bundle size: ${AUTHORIZER}`;
  if (isSectionError(section)) {
    return notMeasured(budget, `≤ ${factor}× jose floor`, section.error);
  }
  const floor = section.floors.jose.deployedKib;
  const size = findSize(section, AUTHORIZER)?.deployedKib;
  const limit = `≤ ${factor}× jose floor (${floor} KiB), as deployed`;
  if (size === undefined || floor === undefined) return notMeasured(budget, limit, 'no bundle');
  return ratioOutcome(budget, limit, size, floor, factor, 'KiB');
}

function findSize(section: BundleResults, name: string) {
  return section.handlers.find((handler) => handler.name === name);
}

function coldStartBudgets(results: BenchResults): BudgetOutcome[] {
  const section = results.coldStart;
  const factor = BUDGETS.handlerColdStartOverSdkFloor;
  const floor = isSectionError(section) ? undefined : netMs(section, 'sdk-floor', 'bundled');
  const outcomes = handlerNames().map((name) => {
    const budget = `cold start: ${name}`;
    const limit = `≤ ${factor}× SDK floor (${floor ?? '?'} ms net), SDK bundled`;
    if (isSectionError(section)) return notMeasured(budget, limit, section.error);
    const measured = netMs(section, name, 'bundled');
    if (measured === undefined || floor === undefined)
      return notMeasured(budget, limit, 'no sample');
    return ratioOutcome(budget, limit, measured, floor, factor, 'ms');
  });
  return [...outcomes, authorizerColdStartBudget(section)];
}

function authorizerColdStartBudget(section: ColdStartResults | { error: string }): BudgetOutcome {
  const extra = BUDGETS.authorizerColdStartOverJoseFloorMs;
  const budget = `cold start: ${AUTHORIZER}`;
  if (isSectionError(section))
    return notMeasured(budget, `≤ jose floor + ${extra} ms`, section.error);
  const floor = netMs(section, 'jose-floor', 'bundled');
  // Compared as deployed: the authorizer loads no SDK at init, like the jose floor.
  const measured = netMs(section, AUTHORIZER, 'external');
  const limit = `≤ jose floor (${floor ?? '?'} ms net) + ${extra} ms, as deployed`;
  if (measured === undefined || floor === undefined) return notMeasured(budget, limit, 'no sample');
  const over = round(measured - floor);
  return outcome(budget, limit, `${measured} ms net (${signed(over)} ms)`, over <= extra);
}

/** Net init time of a bundle under one SDK policy. */
function netMs(
  section: ColdStartResults,
  name: string,
  sdk: ColdStartRow['sdk'],
): number | undefined {
  const row = section.rows.find((candidate) => candidate.name === name && candidate.sdk === sdk);
  return row && !row.error && Number.isFinite(row.netMs) ? row.netMs : undefined;
}

function requestBudgets(results: BenchResults): BudgetOutcome[] {
  const section = results.requests;
  const manualLimit = `≤ ${BUDGETS.manualTransitions} per lifecycle`;
  const autoLimit = `≤ ${BUDGETS.autoTransitions} per lifecycle`;
  const costLimit = `≤ $${BUDGETS.manualCostPerThousandUsd} per 1,000 lifecycles`;
  if (isSectionError(section)) {
    return [
      notMeasured('state transitions: manual', manualLimit, section.error),
      notMeasured('state transitions: auto', autoLimit, section.error),
      notMeasured('cost: manual', costLimit, section.error),
    ];
  }

  const manual = section.manual.perLifecycle.stateTransitions;
  const auto = section.auto?.perLifecycle.stateTransitions;
  const cost = section.costs.find((entry) => entry.mode === 'manual')?.perThousand.total;
  return [
    transitionsOutcome(
      'state transitions: manual',
      manualLimit,
      manual,
      section.manual.counted,
      BUDGETS.manualTransitions,
    ),
    section.auto && auto !== undefined
      ? transitionsOutcome(
          'state transitions: auto',
          autoLimit,
          auto,
          section.auto.counted,
          BUDGETS.autoTransitions,
        )
      : notMeasured('state transitions: auto', autoLimit, section.autoError ?? 'not counted'),
    cost === undefined
      ? notMeasured('cost: manual', costLimit, 'not priced')
      : outcome('cost: manual', costLimit, `$${cost}`, cost <= BUDGETS.manualCostPerThousandUsd),
  ];
}

function transitionsOutcome(
  budget: string,
  limit: string,
  value: number,
  counted: number,
  max: number,
) {
  if (counted === 0) return notMeasured(budget, limit, 'no lifecycle completed');
  return outcome(budget, limit, `${value}`, value <= max);
}

function auditBudgets(results: BenchResults): BudgetOutcome[] {
  const section = results.audit;
  const limit = `≥ ${BUDGETS.auditOverFloor}× canonical JSON + SHA-256 floor`;
  if (isSectionError(section)) return [notMeasured('audit verification', limit, section.error)];
  const measured = throughputText(
    section.verifyEventsPerSecond,
    section.ratio,
    section.floorEventsPerSecond,
  );
  const met = section.valid && section.ratio >= BUDGETS.auditOverFloor;
  return [
    outcome(
      'audit verification',
      limit,
      measured,
      met,
      section.valid ? undefined : 'chain invalid',
    ),
  ];
}

function authorizerBudgets(results: BenchResults): BudgetOutcome[] {
  const section = results.authorizer;
  const limit = `≥ ${BUDGETS.authorizerOverFloor}× bare jwtVerify`;
  const fetchLimit = `≤ ${BUDGETS.jwksFetchesPerColdStart} per cold start`;
  if (isSectionError(section)) {
    return [
      notMeasured('authorizer: ES256', limit, section.error),
      notMeasured('authorizer: RS256', limit, section.error),
      notMeasured('authorizer: JWKS fetches', fetchLimit, section.error),
    ];
  }

  const perAlgorithm = section.algorithms.map((entry) => {
    const measured = throughputText(entry.authorizerPerSecond, entry.ratio, entry.floorPerSecond);
    return outcome(
      `authorizer: ${entry.algorithm}`,
      limit,
      measured,
      entry.ratio >= BUDGETS.authorizerOverFloor,
    );
  });
  const fetches = section.authorizerJwksFetches;
  const fetchMeasured = `${fetches} over ${section.verificationsByAuthorizer} verifications`;
  const fetchMet = fetches <= BUDGETS.jwksFetchesPerColdStart;
  return [
    ...perAlgorithm,
    outcome('authorizer: JWKS fetches', fetchLimit, fetchMeasured, fetchMet),
  ];
}

function ratioOutcome(
  budget: string,
  limit: string,
  value: number,
  floor: number,
  factor: number,
  unit: string,
): BudgetOutcome {
  const ratio = round(value / floor, 2);
  return outcome(budget, limit, `${value} ${unit} = ${ratio}×`, ratio <= factor);
}

function outcome(
  budget: string,
  limit: string,
  measured: string,
  met: boolean,
  reason?: string,
): BudgetOutcome {
  return { budget, limit, measured, status: met ? 'met' : 'missed', ...(reason ? { reason } : {}) };
}

function notMeasured(budget: string, limit: string, reason: string): BudgetOutcome {
  return { budget, limit, measured: '—', status: 'not measured', reason };
}

function throughputText(perSecond: number, ratio: number, floorPerSecond: number): string {
  return `${perSecond}/s = ${ratio}× (floor ${floorPerSecond}/s)`;
}

function signed(value: number): string {
  return value >= 0 ? `+${value}` : `${value}`;
}

/** The outcomes as a Markdown table. */
export function budgetMarkdown(outcomes: readonly BudgetOutcome[]): string {
  const rows = outcomes.map((entry) => {
    const mark =
      entry.status === 'met'
        ? '✅ met'
        : entry.status === 'missed'
          ? '❌ missed'
          : '⚠️ not measured';
    const measured = entry.reason ? `${entry.measured} (${entry.reason})` : entry.measured;
    return `| ${entry.budget} | ${entry.limit} | ${escapeCell(measured)} | ${mark} |`;
  });
  return ['| budget | limit | measured | status |', '|---|---|---|---|', ...rows].join('\n');
}

/** The outcomes as aligned plain-text columns for a terminal. */
export function budgetConsoleTable(outcomes: readonly BudgetOutcome[]): string {
  const rows = outcomes.map((entry) => [
    entry.status.toUpperCase(),
    entry.budget,
    entry.measured,
    entry.limit,
  ]);
  const header = ['STATUS', 'BUDGET', 'MEASURED', 'LIMIT'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
