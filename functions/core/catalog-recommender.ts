import type { Incident, Severity, Signal } from './incident';
import type { Playbook, Recommendation, Risk } from './playbook';
import { PLAYBOOK_CATALOG } from './playbook-catalog';

/** How a signal's numeric value reads: whether it is abnormal and what that suggests. */
interface SignalReading {
  abnormal: (value: number) => boolean;
  meaning: string;
}

/** Where an incident word was found; earlier places weigh more. */
type Place = 'title' | 'description' | 'service';

interface IncidentFacts {
  words: Record<Place, ReadonlyMap<string, string>>;
  signals: readonly NamedSignal[];
  severity: Severity;
}

interface NamedSignal {
  name: string;
  value: Signal['value'];
}

interface Evidence {
  score: number;
  clauses: string[];
}

interface Ranked extends Evidence {
  playbook: Playbook;
}

const PLACES: readonly Place[] = ['title', 'description', 'service'];
const PLACE_WEIGHTS: Record<Place, number> = { title: 2, description: 1, service: 1 };
const PLACE_CLAUSES: Record<Place, string> = {
  title: 'title mentions',
  description: 'description mentions',
  service: 'service name matches',
};
const ABNORMAL_SIGNAL_WEIGHT = 3;
const REPORTED_SIGNAL_WEIGHT = 1;
const RISK_ORDER: Record<Risk, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** Critical incidents favour decisive playbooks; low-severity ones favour cautious ones. */
const SEVERITY_BIAS: Record<Severity, Record<Risk, number>> = {
  critical: { low: 0, medium: 0.5, high: 1.5, critical: 1.5 },
  high: { low: 0, medium: 0, high: 0.5, critical: 0.5 },
  medium: { low: 0, medium: 0, high: 0, critical: 0 },
  low: { low: 0.5, medium: 0, high: -1, critical: -2 },
};

/** Score at which confidence reaches one half; confidence approaches but never reaches 1. */
const HALF_CONFIDENCE_SCORE = 6;
const MAX_CONFIDENCE = 0.95;
const FALLBACK_CONFIDENCE = 0.05;
const FALLBACK_PLAYBOOK_ID = 'restart-service';
const NOTHING_MATCHED = 'nothing specific matched the incident';
const MAX_RATIONALE_LENGTH = 159;
const MAX_QUOTED_WORDS = 3;

/** Values above 1 are read as percentages so that both 0.97 and 97 mean 97%. */
const share = (value: number): number => (value > 1 ? value / 100 : value);

const SIGNAL_READINGS: ReadonlyMap<string, SignalReading> = new Map([
  ['error_rate', { abnormal: (v: number) => share(v) >= 0.05, meaning: 'shows elevated errors' }],
  ['http_5xx', { abnormal: (v: number) => v >= 10, meaning: 'shows failing requests' }],
  ['memory_usage', { abnormal: (v: number) => share(v) >= 0.85, meaning: 'shows memory pressure' }],
  ['restart_count', { abnormal: (v: number) => v >= 3, meaning: 'shows crash-looping instances' }],
  ['cpu', { abnormal: (v: number) => share(v) >= 0.8, meaning: 'shows CPU saturation' }],
  ['latency_p99', { abnormal: (v: number) => v >= 500, meaning: 'shows slow responses' }],
  ['queue_depth', { abnormal: (v: number) => v >= 1000, meaning: 'shows a growing backlog' }],
  ['replication_lag', { abnormal: (v: number) => v >= 30, meaning: 'shows a lagging replica' }],
  [
    'cache_hit_ratio',
    { abnormal: (v: number) => share(v) <= 0.5, meaning: 'shows a failing cache' },
  ],
  ['auth_failures', { abnormal: (v: number) => v >= 50, meaning: 'shows rejected credentials' }],
  [
    'deploy_age_minutes',
    { abnormal: (v: number) => v >= 0 && v <= 120, meaning: 'points to a recent release' },
  ],
  ['disk_usage', { abnormal: (v: number) => share(v) >= 0.9, meaning: 'shows a full disk' }],
  ['node_not_ready', { abnormal: (v: number) => v >= 1, meaning: 'shows an unhealthy node' }],
  [
    'certificate_days_remaining',
    { abnormal: (v: number) => v <= 7, meaning: 'shows an expiring certificate' },
  ],
]);

/** A plain number or percentage given as text, such as `"0.31"` or `"97%"`. */
const NUMERIC_TEXT = /^(-?\d{1,15}(?:\.\d{1,15})?)(%?)$/;

/**
 * Ranks catalog playbooks for an incident, best first, each with a one-line rationale.
 *
 * Evidence comes from the words of the title, description and service, from the signals and
 * from the severity. Deterministic: ties go to the lower risk, then the lower id. When nothing
 * matches, the safest generic playbook comes back alone with a low confidence.
 */
export function recommendFromCatalog(
  incident: Incident,
  catalog: readonly Playbook[] = PLAYBOOK_CATALOG,
  limit = 3,
): Recommendation[] {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  if (catalog.length === 0) throw new RangeError('catalog must hold at least one playbook');

  const facts = incidentFacts(incident);
  const ranked = catalog
    .map((playbook) => ({ playbook, ...weigh(playbook, facts) }))
    .filter((candidate) => candidate.score > 0)
    .sort(byRank);

  if (ranked.length === 0) return [fallback(catalog)];
  return ranked.slice(0, limit).map(toRecommendation);
}

/** Lower-case words of a text keyed by their stem, each mapped to its first spelling. */
function stemmedWords(text: string): Map<string, string> {
  const words = new Map<string, string>();
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    const key = stem(word);
    if (word !== '' && !words.has(key)) words.set(key, word);
  }
  return words;
}

/** Strips a plural ending; good enough for matching incident words to keywords. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && /[^su]s$/.test(word) && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

function incidentFacts(incident: Incident): IncidentFacts {
  const words = {
    title: stemmedWords(incident.title),
    description: stemmedWords(incident.description ?? ''),
    service: stemmedWords(incident.service),
  };
  const signals = (incident.signals ?? []).map((signal) => ({
    name: normaliseSignalName(signal.name),
    value: signal.value,
  }));

  return { words, signals, severity: incident.severity };
}

function normaliseSignalName(name: string): string {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((part) => part !== '')
    .join('_');
}

function weigh(playbook: Playbook, facts: IncidentFacts): Evidence {
  const words = wordEvidence(playbook, facts);
  const signals = playbook.signals.map((name) => signalEvidence(name, facts.signals));
  const base = [words, ...signals].reduce((sum, evidence) => sum + evidence.score, 0);
  const bias = base > 0 ? SEVERITY_BIAS[facts.severity][playbook.risk] : 0;

  return {
    score: base + bias,
    clauses: [
      ...words.clauses,
      ...signals.flatMap((evidence) => evidence.clauses),
      ...severityClauses(facts.severity, playbook.risk, bias),
    ],
  };
}

function wordEvidence(playbook: Playbook, facts: IncidentFacts): Evidence {
  const found: Record<Place, string[]> = { title: [], description: [], service: [] };
  for (const keyword of new Set(playbook.keywords.map((word) => stem(word.toLowerCase())))) {
    const place = PLACES.find((candidate) => facts.words[candidate].has(keyword));
    const spelling = place === undefined ? undefined : facts.words[place].get(keyword);
    if (place !== undefined && spelling !== undefined) found[place].push(spelling);
  }

  const places = PLACES.filter((place) => found[place].length > 0);
  return {
    score: places.reduce((sum, place) => sum + found[place].length * PLACE_WEIGHTS[place], 0),
    clauses: places.map((place) => `${PLACE_CLAUSES[place]} ${quoteWords(found[place])}`),
  };
}

function quoteWords(words: readonly string[]): string {
  return words
    .slice(0, MAX_QUOTED_WORDS)
    .map((word) => `'${word}'`)
    .join(', ');
}

/** The strongest reading among the incident's signals that carry this catalog signal name. */
function signalEvidence(catalogName: string, signals: readonly NamedSignal[]): Evidence {
  const readings = signals
    .filter((signal) => `_${signal.name}_`.includes(`_${catalogName}_`))
    .map((signal) => readSignal(catalogName, signal));

  const strongest = readings.reduce<Evidence>(
    (best, reading) => (reading.score > best.score ? reading : best),
    { score: 0, clauses: [] },
  );
  return strongest;
}

function readSignal(catalogName: string, signal: NamedSignal): Evidence {
  const reading = SIGNAL_READINGS.get(catalogName);
  const value = numericValue(signal.value);
  const shown = displayValue(signal.value);
  const label = shown === undefined ? `signal ${signal.name}` : `signal ${signal.name}=${shown}`;
  if (reading === undefined || value === undefined) {
    return { score: REPORTED_SIGNAL_WEIGHT, clauses: [`${label} is reported`] };
  }

  if (!reading.abnormal(value)) return { score: 0, clauses: [] };
  return { score: ABNORMAL_SIGNAL_WEIGHT, clauses: [`${label} ${reading.meaning}`] };
}

function numericValue(value: Signal['value']): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;

  const match = NUMERIC_TEXT.exec(value.trim());
  if (match === null) return undefined;
  const number = Number(match[1]);
  return match[2] === '%' ? number / 100 : number;
}

/** Only numbers and booleans are echoed: free text from the caller never reaches a rationale. */
function displayValue(value: Signal['value']): string | undefined {
  if (typeof value === 'number') return String(Number(value.toPrecision(4)));
  if (typeof value === 'boolean') return String(value);
  return NUMERIC_TEXT.test(value.trim()) ? value.trim() : undefined;
}

function severityClauses(severity: Severity, risk: Risk, bias: number): string[] {
  if (bias > 0 && severity === 'low') return ['low severity favours a cautious playbook'];
  if (bias > 0) return [`${severity} severity favours a decisive playbook`];
  if (bias < 0) return [`${severity} severity counts against a ${risk}-risk playbook`];
  return [];
}

function byRank(left: Ranked, right: Ranked): number {
  if (left.score !== right.score) return right.score - left.score;
  return bySafety(left.playbook, right.playbook);
}

function bySafety(left: Playbook, right: Playbook): number {
  const risk = RISK_ORDER[left.risk] - RISK_ORDER[right.risk];
  if (risk !== 0) return risk;
  return left.id < right.id ? -1 : Number(left.id > right.id);
}

function toRecommendation(ranked: Ranked): Recommendation {
  const confidence = Math.min(
    MAX_CONFIDENCE,
    ranked.score / (ranked.score + HALF_CONFIDENCE_SCORE),
  );
  return {
    playbookId: ranked.playbook.id,
    name: ranked.playbook.name,
    risk: ranked.playbook.risk,
    confidence: Math.round(confidence * 100) / 100,
    rationale: oneLine(ranked.clauses),
  };
}

/** Joins whole clauses while they fit, so a rationale stays one short line. */
function oneLine(clauses: readonly string[]): string {
  let line = '';
  for (const clause of clauses) {
    const longer = line === '' ? clause : `${line}; ${clause}`;
    if (longer.length > MAX_RATIONALE_LENGTH) break;
    line = longer;
  }

  if (line !== '' || clauses[0] === undefined) return line;
  return `${clauses[0].slice(0, MAX_RATIONALE_LENGTH - 1)}…`;
}

function fallback(catalog: readonly Playbook[]): Recommendation {
  const playbook =
    catalog.find((candidate) => candidate.id === FALLBACK_PLAYBOOK_ID) ??
    [...catalog].sort(bySafety)[0];
  if (playbook === undefined) throw new RangeError('catalog must hold at least one playbook');

  const why = `${NOTHING_MATCHED}; ${playbook.id} is the safest generic first step`;
  return {
    playbookId: playbook.id,
    name: playbook.name,
    risk: playbook.risk,
    confidence: FALLBACK_CONFIDENCE,
    rationale: oneLine([why]),
  };
}
