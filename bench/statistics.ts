/** Percentiles of a sample, in the sample's unit. */
export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The value at quantile `q` (0..1) of a sample, by the nearest-rank method; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;

  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** The median of a sample; NaN when empty. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** p50, p95, p99 and the maximum of a sample, to two decimals. */
export function distribution(values: readonly number[]): Distribution {
  return {
    count: values.length,
    p50: round(quantile(values, 0.5)),
    p95: round(quantile(values, 0.95)),
    p99: round(quantile(values, 0.99)),
    max: values.length === 0 ? Number.NaN : round(Math.max(...values)),
  };
}

/** Rounds to `digits` decimals, keeping JSON small and reports readable. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Milliseconds since `start` (a `performance.now()` reading). */
export function elapsedMs(start: number): number {
  return performance.now() - start;
}
