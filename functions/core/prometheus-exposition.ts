/** One counter as stored: its name, labels and value. */
export interface CounterSample {
  name: string;
  help: string;
  labels: Record<string, string>;
  value: number;
}

/** Renders counters in the Prometheus text exposition format (version 0.0.4). */
export function renderPrometheus(samples: readonly CounterSample[]): string {
  const byName = new Map<string, CounterSample[]>();
  for (const sample of samples) {
    byName.set(sample.name, [...(byName.get(sample.name) ?? []), sample]);
  }

  const lines: string[] = [];
  for (const [name, group] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`# HELP ${name} ${escapeHelp(group[0]?.help ?? name)}`, `# TYPE ${name} counter`);
    lines.push(...group.map((sample) => `${name}${renderLabels(sample.labels)} ${sample.value}`));
  }
  return `${lines.join('\n')}\n`;
}

function renderLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}="${escapeLabelValue(value)}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
