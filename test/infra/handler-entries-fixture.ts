import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HANDLERS } from '../../infra/handlers';

/** A temporary project root with an empty file per handler entry and a lock file. */
export interface HandlerEntriesFixture {
  readonly projectRoot: string;
  /** Removes the directory. */
  remove(): void;
}

/** Creates empty handler entries so the stack synthesizes before the handlers are written. */
export function createHandlerEntries(): HandlerEntriesFixture {
  const projectRoot = mkdtempSync(join(tmpdir(), 'orchestrator-entries-'));
  writeFileSync(join(projectRoot, 'package-lock.json'), '{}');
  for (const { entry } of HANDLERS) {
    mkdirSync(dirname(join(projectRoot, entry)), { recursive: true });
    writeFileSync(join(projectRoot, entry), 'export {};\n');
  }

  return { projectRoot, remove: () => rmSync(projectRoot, { recursive: true, force: true }) };
}
