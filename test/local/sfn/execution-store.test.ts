import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../../local/sfn/execution-record';
import { ExecutionStore } from '../../../local/sfn/execution-store';
import { ExecutionStoreError } from '../../../local/sfn/sfn-errors';
import { makeTempDir, removeDir } from './fixtures/sfn-test-support';

function recordNamed(name: string, stateTransitions = 0): ExecutionRecord {
  return {
    executionArn: `arn:aws:states:us-east-1:000000000000:execution:Machine:${name}`,
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Machine',
    name,
    input: '{"id":"o-1"}',
    status: 'RUNNING',
    startDate: 1_700_000_000_000,
    position: {
      stateName: 'Await approval',
      input: { id: 'o-1' },
      enteredAt: 1_700_000_000_100,
      retryCounts: [],
      retryCount: 0,
      task: { token: 't'.repeat(86), deadline: 1_700_000_030_100, invoked: true },
    },
    stateTransitions,
    closedTokenDigests: [],
    history: [
      { id: 1, previousEventId: 0, timestamp: 1_700_000_000_000, type: 'ExecutionStarted' },
    ],
  };
}

let directory: string;

beforeEach(async () => {
  directory = await makeTempDir('sfn-store');
});

afterEach(async () => {
  await removeDir(directory);
});

describe('ExecutionStore', () => {
  it('reads back every saved execution exactly as it was saved', async () => {
    const store = new ExecutionStore(directory);
    await store.loadAll();
    const records = [recordNamed('orch-1'), recordNamed('orch.2-with.dots')];

    await Promise.all(records.map((record) => store.save(record)));
    const loaded = await new ExecutionStore(directory).loadAll();

    expect(loaded.sort((a, b) => a.name.localeCompare(b.name))).toEqual(records);
  });

  it('ends with the latest of several saves and leaves no temporary file', async () => {
    const store = new ExecutionStore(directory);
    await store.loadAll();

    const saves = [1, 2, 3, 4, 5].map((transitions) =>
      store.save(recordNamed('orch-1', transitions)),
    );
    await Promise.all(saves);

    const [loaded] = await new ExecutionStore(directory).loadAll();
    expect(loaded?.stateTransitions).toBe(5);
    expect(await readdir(directory)).toEqual(['Machine__orch-1.execution.json']);
  });

  it('removes temporary files a crash left behind', async () => {
    const store = new ExecutionStore(directory);
    await store.loadAll();
    await store.save(recordNamed('orch-1'));
    await writeFile(join(directory, 'Machine__orch-1.execution.json.abc123.tmp'), '{"trunc');

    const loaded = await new ExecutionStore(directory).loadAll();

    expect(loaded).toHaveLength(1);
    expect(await readdir(directory)).toEqual(['Machine__orch-1.execution.json']);
  });

  it('refuses a damaged execution file, naming it', async () => {
    const file = join(directory, 'Machine__broken.execution.json');
    await writeFile(file, '{"executionArn": 42}');

    const loading = new ExecutionStore(directory).loadAll();

    await expect(loading).rejects.toThrow(ExecutionStoreError);
    await expect(new ExecutionStore(directory).loadAll()).rejects.toThrow(file);
  });

  it('creates its directory when it does not exist yet', async () => {
    const nested = join(directory, 'a', 'b');

    await new ExecutionStore(nested).loadAll();
    await new ExecutionStore(nested).save(recordNamed('orch-1'));

    expect(
      JSON.parse(await readFile(join(nested, 'Machine__orch-1.execution.json'), 'utf8')),
    ).toEqual(recordNamed('orch-1'));
  });
});
