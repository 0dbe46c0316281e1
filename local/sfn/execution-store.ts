import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ExecutionRecord, ExecutionRecordSchema } from './execution-record';
import { ExecutionStoreError } from './sfn-errors';

const RECORD_SUFFIX = '.execution.json';
const TEMP_SUFFIX = '.tmp';

/**
 * Keeps each execution as one JSON file in a directory. A save writes a temporary file and
 * renames it over the old one, so a crash leaves either the previous or the new record.
 */
export class ExecutionStore {
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly directory: string) {}

  /** Creates the directory if needed, removes stray temporary files and reads every record. */
  async loadAll(): Promise<ExecutionRecord[]> {
    await mkdir(this.directory, { recursive: true });
    const files = await readdir(this.directory);

    const strays = files.filter((file) => file.endsWith(TEMP_SUFFIX));
    await Promise.all(strays.map((file) => rm(join(this.directory, file), { force: true })));

    const records = files.filter((file) => file.endsWith(RECORD_SUFFIX));
    return Promise.all(records.map((file) => this.read(join(this.directory, file))));
  }

  /**
   * Saves a snapshot of the record as it is now. Saves of one execution are written in call
   * order, so the file always ends at the latest snapshot.
   */
  save(record: ExecutionRecord): Promise<void> {
    const text = JSON.stringify(record);
    const file = join(this.directory, fileNameOf(record));

    const previous = this.writes.get(record.executionArn) ?? Promise.resolve();
    const write = previous.catch(() => undefined).then(() => writeAtomically(file, text));
    this.writes.set(record.executionArn, write);
    void write.finally(() => this.forget(record.executionArn, write)).catch(() => undefined);
    return write;
  }

  /** Waits until every save made so far is on disk (or has failed). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.writes.values()]);
  }

  private forget(executionArn: string, write: Promise<void>): void {
    if (this.writes.get(executionArn) === write) {
      this.writes.delete(executionArn);
    }
  }

  private async read(file: string): Promise<ExecutionRecord> {
    try {
      return ExecutionRecordSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    } catch (error) {
      throw new ExecutionStoreError(`Execution file ${file} cannot be read back`, {
        cause: error,
      });
    }
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;

  await writeFile(temporary, text, 'utf8');
  await rename(temporary, file);
}

// Execution names exclude '/', ':' and wildcards but may hold characters that are awkward in
// file names; encoding keeps names readable, and a digest keeps long unicode names under the
// 255-byte limit of common file systems.
function fileNameOf(record: ExecutionRecord): string {
  const machine = encodeURIComponent(record.stateMachineArn.split(':').at(-1) ?? 'stateMachine');
  const encoded = encodeURIComponent(record.name);
  const name = encoded.length <= 120 ? encoded : createHash('sha256').update(encoded).digest('hex');

  return `${machine}__${name}${RECORD_SUFFIX}`;
}
