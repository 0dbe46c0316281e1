import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateDevKeys } from '../../local/dev-keys';
import { CHECKOUT_INCIDENT, JUSTIFICATION } from '../support/lifecycle-steps';
import { waitFor } from '../support/local-stack-fixture';
import { type StackProcess, startStackProcess, stopStackProcess } from '../support/stack-process';
import { waitForParkedApprovalToken } from '../support/table-snapshot';

const dataDir = mkdtempSync(join(tmpdir(), 'orchestrator-restart-'));
const running: StackProcess[] = [];

afterAll(async () => {
  for (const stack of running) await stopStackProcess(stack, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(stack: StackProcess, path: string, token: string, body?: unknown) {
  const response = await fetch(`${stack.endpoints.api}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('npm start across a restart', () => {
  it('completes an orchestration that was awaiting approval when the process was killed', async () => {
    const keys = await loadOrCreateDevKeys(dataDir);
    const engineer = await keys.signToken({ sub: 'engineer-1', org: 'org-a', roles: [] });
    const admin = await keys.signToken({ sub: 'admin-1', org: 'org-a', roles: ['org-admin'] });

    const first = await startStackProcess(dataDir);
    running.push(first);
    const created = await call(first, '/orchestrate', engineer, { incident: CHECKOUT_INCIDENT });
    const id = String(created.body.orchestrationId);
    await call(first, `/orchestrations/${id}/dry-run`, engineer, {});
    await waitForParkedApprovalToken(first.endpoints);
    await stopStackProcess(first, 'SIGKILL');

    const second = await startStackProcess(dataDir);
    running.push(second);
    expect((await call(second, `/orchestrations/${id}`, engineer)).body.status).toBe(
      'AWAITING_APPROVAL',
    );
    expect((await call(second, `/orchestrations/${id}/approve`, admin, JUSTIFICATION)).status).toBe(
      200,
    );
    expect((await call(second, `/orchestrations/${id}/execute`, admin, {})).status).toBe(202);

    const done = await waitFor(
      () => call(second, `/orchestrations/${id}`, engineer),
      (view) => view.body.status === 'SUCCEEDED',
    );
    expect(done.body.version).toBe(5);
    const audit = await call(second, `/orchestrations/${id}/audit`, engineer);
    expect(audit.body.verification).toMatchObject({ valid: true, checked: 5 });
  });
});
