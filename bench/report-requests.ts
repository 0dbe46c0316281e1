import type { RequestResults } from './bench-results';
import type { LifecycleCost } from './cost-model';
import { US_EAST_1_PRICES } from './cost-model';
import type { CountedMode, LifecycleTally } from './lifecycle-counts';

/** The requests-per-lifecycle and cost sections of the report. */
export function requestSections(section: RequestResults): string {
  const modes = [section.manual, ...(section.auto ? [section.auto] : [])];
  return [countSection(modes, section), costSection(section.costs, section)].join('\n\n');
}

function countSection(modes: readonly CountedMode[], section: RequestResults): string {
  const row = (label: string, pick: (tally: LifecycleTally) => string | number) =>
    `| ${label} | ${modes.map((mode) => pick(mode.perLifecycle)).join(' | ')} |`;
  const table =
    (counts: (tally: LifecycleTally) => Record<string, number>) => (tally: LifecycleTally) =>
      Object.entries(counts(tally))
        .map(([name, value]) => `${name} ${value}`)
        .join(', ') || '—';

  return [
    '## Requests per lifecycle (counted)',
    '',
    `Means over ${modes.map((mode) => `${mode.counted} ${mode.mode}`).join(' and ')} ` +
      'lifecycles run one at a time, each with fresh tokens (so each pays its own authorizer ' +
      'invocations). Counted in the stack process (HTTP requests to dynalite, the emulator ' +
      'and the gateway; WebCrypto verifications for the authorizer) and from the execution ' +
      'history (TaskScheduled events for workflow Lambdas).',
    '',
    `| per lifecycle | ${modes.map((mode) => mode.mode).join(' | ')} |`,
    `|---|${modes.map(() => '---:').join('|')}|`,
    row('API requests (handled)', (t) => t.apiRequests),
    row('…of which GET polls', (t) => t.polls),
    row('authorizer invocations', (t) => t.authorizerInvocations),
    row(
      'workflow Lambda invocations',
      table((t) => t.workflowInvocations),
    ),
    row('Lambda invocations, all', (t) => t.lambdaInvocations),
    row('state transitions', (t) => t.stateTransitions),
    row('DynamoDB requests', (t) => t.dynamodbRequests),
    row(
      '…by operation',
      table((t) => t.dynamodbByOperation),
    ),
    row('read request units', (t) => t.readUnits),
    row('write request units (index)', (t) => `${t.writeUnits} (${t.indexWriteUnits})`),
    row('failed conditional writes', (t) => t.conditionFailures),
    row(
      'Step Functions API calls',
      table((t) => t.stepFunctionsRequests),
    ),
    '',
    `Unit model: ${section.unitModel}`,
    ...modes.flatMap((mode) => (mode.note ? ['', `*${mode.mode}:* ${mode.note}`] : [])),
    ...(section.autoError ? ['', `Auto mode not measured: ${section.autoError}`] : []),
    ...modes.flatMap((mode) =>
      mode.failures.length > 0 ? ['', `${mode.mode} failures: ${mode.failures.join('; ')}`] : [],
    ),
  ].join('\n');
}

function costSection(costs: readonly LifecycleCost[], section: RequestResults): string {
  const services = [
    'apiGateway',
    'lambdaRequests',
    'lambdaDuration',
    'stepFunctions',
    'dynamodbWrites',
    'dynamodbReads',
    'total',
  ] as const;
  const rows = services.map(
    (service) =>
      `| ${service} | ${costs.map((cost) => `$${cost.perThousand[service]}`).join(' | ')} |`,
  );
  const invocations = costs.flatMap((cost) =>
    cost.invocations.map(
      (entry) =>
        `| ${cost.mode} | ${entry.handler} | ${entry.perLifecycle} | ${entry.billedMs} | ` +
        `${entry.memoryMb} | ${entry.durationSource} |`,
    ),
  );
  const prices = US_EAST_1_PRICES;
  const architectures = [...new Set(Object.values(section.architectures))].join(', ');

  return [
    '## Cost per 1,000 orchestrations (us-east-1 list prices)',
    '',
    `REST API $${prices.restApiRequestsPerMillion}/M; ` +
      `Lambda $${prices.lambdaRequestsPerMillion}/M ` +
      `and $${prices.lambdaGbSecond}/GB-s (arm64; template architectures: ${architectures}); ` +
      `Standard $${prices.standardTransitionsPerThousand} per 1,000 transitions; on-demand ` +
      `$${prices.writeRequestUnitsPerMillion}/M WRU, ` +
      `$${prices.readRequestUnitsPerMillion}/M RRU. ` +
      'Memory sizes from the synthesized template.',
    '',
    `| USD per 1,000 | ${costs.map((cost) => cost.mode).join(' | ')} |`,
    `|---|${costs.map(() => '---:').join('|')}|`,
    ...rows,
    '',
    '| mode | function | invocations | billed ms | MB | duration from |',
    '|---|---|---:|---:|---:|---|',
    ...invocations,
  ].join('\n');
}
