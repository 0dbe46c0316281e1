import { vi } from 'vitest';

/** Structured log lines written to stdout while capturing, and the raw text. */
export interface CapturedLogs {
  entries(): Record<string, unknown>[];
  text(): string;
  clear(): void;
  restore(): void;
}

/**
 * Captures what the handlers log: Powertools writes one JSON line per entry through its own
 * console, info to `process.stdout` and warnings and errors to `process.stderr`.
 */
export function captureLogs(): CapturedLogs {
  let chunks: string[] = [];
  const record = (chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(record),
    vi.spyOn(process.stderr, 'write').mockImplementation(record),
  ];

  return {
    entries: () => chunks.join('').split('\n').flatMap(parseLine),
    text: () => chunks.join(''),
    clear: () => {
      chunks = [];
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

function parseLine(line: string): Record<string, unknown>[] {
  if (!line.startsWith('{')) return [];
  try {
    return [JSON.parse(line) as Record<string, unknown>];
  } catch {
    return [];
  }
}
