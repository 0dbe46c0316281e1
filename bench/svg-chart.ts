/** One line of a chart. */
export interface ChartSeries {
  name: string;
  values: readonly number[];
  color: string;
  dashed?: boolean;
}

/** A line chart over categories (here: concurrency levels). */
export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
  /** `log` spreads values that span decades (latency from 1 to 128 concurrent callers). */
  yScale?: 'linear' | 'log';
}

type Attributes = Record<string, string | number>;
type Scale = (value: number) => number;

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { top: 48, right: 170, bottom: 56, left: 72 };
const PLOT = {
  width: WIDTH - MARGIN.left - MARGIN.right,
  height: HEIGHT - MARGIN.top - MARGIN.bottom,
};
const TICKS = 5;
const FONT_FAMILY = 'system-ui, sans-serif';

/** Renders a chart as a standalone SVG document, hand-written (no charting package). */
export function renderLineChart(chart: LineChart): string {
  const finite = chart.series.flatMap((series) => series.values.filter(Number.isFinite));
  const ticks = chart.yScale === 'log' ? logTicks(finite) : linearTicks(finite);
  const last = Math.max(1, chart.categories.length - 1);
  const x: Scale = (index) => MARGIN.left + (index / last) * PLOT.width;
  const y = yScaleOf(chart.yScale ?? 'linear', ticks);
  const middleY = MARGIN.top + PLOT.height / 2;

  const svg = { xmlns: 'http://www.w3.org/2000/svg', width: WIDTH, height: HEIGHT };
  return [
    `<svg ${attributes({ ...svg, viewBox: `0 0 ${WIDTH} ${HEIGHT}` })}>`,
    element('rect', { width: WIDTH, height: HEIGHT, fill: '#ffffff' }),
    text(WIDTH / 2, 24, chart.title, {
      'text-anchor': 'middle',
      'font-size': 15,
      'font-weight': 'bold',
    }),
    ...yAxis(ticks, y),
    ...chart.categories.map((category, index) => label(x(index), y(0) + 20, category, 'middle')),
    label(MARGIN.left + PLOT.width / 2, HEIGHT - 12, chart.xLabel, 'middle'),
    text(18, middleY, chart.yLabel, {
      'text-anchor': 'middle',
      transform: `rotate(-90 18 ${middleY})`,
    }),
    ...chart.series.flatMap((series) => line(series, x, y)),
    ...legend(chart.series, MARGIN.left + PLOT.width + 16),
    '</svg>',
    '',
  ].join('\n');
}

function yScaleOf(kind: 'linear' | 'log', ticks: readonly number[]): Scale {
  const low = ticks[0] ?? 0;
  const high = ticks.at(-1) ?? 1;
  const toPlot = (share: number) => MARGIN.top + PLOT.height - share * PLOT.height;
  if (kind === 'log') {
    const span = Math.log10(high) - Math.log10(low);
    return (value) => toPlot((Math.log10(Math.max(value, low)) - Math.log10(low)) / span);
  }
  return (value) => toPlot((value - low) / (high - low));
}

function linearTicks(values: readonly number[]): number[] {
  const top = niceCeiling(Math.max(1, ...values));
  return Array.from({ length: TICKS + 1 }, (_, index) => (top / TICKS) * index);
}

/** Powers of ten around the values, at least two. */
function logTicks(values: readonly number[]): number[] {
  const positive = values.filter((value) => value > 0);
  const low = positive.length === 0 ? 0 : Math.floor(Math.log10(Math.min(...positive)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(1, ...positive))));
  return Array.from({ length: high - low + 1 }, (_, index) => 10 ** (low + index));
}

function yAxis(ticks: readonly number[], y: Scale): string[] {
  return ticks.map((value) => {
    const position = y(value);
    const grid = { x1: MARGIN.left, y1: position, x2: MARGIN.left + PLOT.width, y2: position };
    return [
      element('line', { ...grid, stroke: '#e5e7eb' }),
      label(MARGIN.left - 8, position + 4, formatTick(value), 'end'),
    ].join('\n');
  });
}

function line(series: ChartSeries, x: Scale, y: Scale): string[] {
  const points = series.values
    .map((value, index) => ({ cx: round1(x(index)), cy: round1(y(value)), value }))
    .filter((point) => Number.isFinite(point.value));
  const stroke = { fill: 'none', stroke: series.color, 'stroke-width': 2, ...dash(series) };
  const polyline = points.map((point) => `${point.cx},${point.cy}`).join(' ');

  return [
    element('polyline', { points: polyline, ...stroke }),
    ...points.map((point) =>
      element('circle', { cx: point.cx, cy: point.cy, r: 3.5, fill: series.color }),
    ),
  ];
}

function legend(series: readonly ChartSeries[], left: number): string[] {
  return series.map((entry, index) => {
    const top = MARGIN.top + index * 22;
    const stroke = { stroke: entry.color, 'stroke-width': 2, ...dash(entry) };
    return [
      element('line', { x1: left, y1: top, x2: left + 24, y2: top, ...stroke }),
      label(left + 30, top + 4, entry.name, 'start'),
    ].join('\n');
  });
}

function dash(series: ChartSeries): Attributes {
  return series.dashed ? { 'stroke-dasharray': '6 4' } : {};
}

function label(x: number, y: number, content: string, anchor: string): string {
  return text(x, y, content, { 'text-anchor': anchor });
}

function text(x: number, y: number, content: string, extra: Attributes): string {
  const base = { x: round1(x), y: round1(y), 'font-family': FONT_FAMILY, 'font-size': 11 };
  return `<text ${attributes({ ...base, ...extra })}>${escapeXml(content)}</text>`;
}

function element(name: string, values: Attributes): string {
  return `<${name} ${attributes(values)}/>`;
}

function attributes(values: Attributes): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${escapeXml(String(value))}"`)
    .join(' ');
}

/** The smallest 1, 2 or 5 times a power of ten at or above `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function escapeXml(content: string): string {
  return content
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
