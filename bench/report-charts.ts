import type { LevelResult } from './lifecycle-benchmark';
import { type LineChart, renderLineChart } from './svg-chart';

/** An SVG file of the report: its name in bench/results/ and its content. */
export interface ChartFile {
  file: string;
  title: string;
  svg: string;
}

/** Latency and throughput of the lifecycle against concurrency, with the DynamoDB floor. */
export function lifecycleCharts(levels: readonly LevelResult[]): ChartFile[] {
  const categories = levels.map((level) => String(level.concurrency));
  const latency: LineChart = {
    title: 'Manual lifecycle latency vs concurrency',
    xLabel: 'concurrent lifecycles',
    yLabel: 'milliseconds per lifecycle (log scale)',
    categories,
    yScale: 'log',
    series: [
      { name: 'p50', values: levels.map((level) => level.total.p50), color: '#2563eb' },
      { name: 'p95', values: levels.map((level) => level.total.p95), color: '#f59e0b' },
      { name: 'p99', values: levels.map((level) => level.total.p99), color: '#dc2626' },
      {
        name: 'DynamoDB floor p50',
        values: levels.map((level) => level.floor?.sequenceMs.p50 ?? Number.NaN),
        color: '#6b7280',
        dashed: true,
      },
    ],
  };
  const throughput: LineChart = {
    title: 'Lifecycle throughput vs concurrency',
    xLabel: 'concurrent lifecycles',
    yLabel: 'lifecycles per second',
    categories,
    series: [
      {
        name: 'through the stack',
        values: levels.map((level) => level.lifecyclesPerSecond),
        color: '#2563eb',
      },
      {
        name: 'DynamoDB floor',
        values: levels.map((level) => level.floor?.sequencesPerSecond ?? Number.NaN),
        color: '#6b7280',
        dashed: true,
      },
    ],
  };

  return [
    { file: 'lifecycle-latency.svg', title: latency.title, svg: renderLineChart(latency) },
    { file: 'lifecycle-throughput.svg', title: throughput.title, svg: renderLineChart(throughput) },
  ];
}
