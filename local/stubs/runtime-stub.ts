import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { RuntimeExecutionRequestSchema } from '../../functions/adapters/integration-contracts';
import { validatePlaybookParameters } from '../../functions/core/parameter-validation';
import { findCatalogPlaybook } from '../../functions/core/playbook-catalog';
import { resolvePlaybookSteps } from '../../functions/core/simulated-dry-run';
import { badRequest, notFound, type StubReply, type StubRequest } from './stub-http';

type ExecutionRequest = z.infer<typeof RuntimeExecutionRequestSchema>;

interface StubExecution {
  executionId: string;
  request: ExecutionRequest;
  startedAt: number;
  steps: string[];
}

const EXECUTION_PATH = /^\/executions\/([^/]+)$/;

/**
 * A runtime agent that pretends to run catalog playbooks: each execution stays `running` for
 * `runMs`, then succeeds; one execution per idempotency key, however often it is asked.
 */
export function runtimeRoute(runMs: number): (request: StubRequest) => StubReply {
  const byKey = new Map<string, StubExecution>();
  const byId = new Map<string, StubExecution>();

  return (request) => {
    if (request.method === 'GET' && request.path === '/health') {
      return { status: 200, body: { status: 'ok' } };
    }
    if (request.method === 'POST' && request.path === '/executions') {
      return create(request, byKey, byId, runMs);
    }

    const id = EXECUTION_PATH.exec(request.path)?.[1];
    const execution = id ? byId.get(decodeURIComponent(id)) : undefined;
    if (request.method === 'GET' && execution) return { status: 200, body: view(execution, runMs) };
    return notFound(`no route or execution for ${request.method} ${request.path}`);
  };
}

function create(
  request: StubRequest,
  byKey: Map<string, StubExecution>,
  byId: Map<string, StubExecution>,
  runMs: number,
): StubReply {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0) return badRequest('Idempotency-Key is required');
  const parsed = RuntimeExecutionRequestSchema.safeParse(request.body);
  if (!parsed.success) return badRequest('expected {playbookId, version, parameters}');

  const existing = byKey.get(key);
  if (existing) {
    if (!isDeepStrictEqual(existing.request, parsed.data)) {
      return { status: 422, body: { title: 'Idempotency-Key reused for another request' } };
    }
    return { status: 200, body: view(existing, runMs) };
  }

  const steps = plannedSteps(parsed.data);
  if (!steps) return { status: 422, body: { title: 'Unknown playbook or version' } };
  const execution = {
    executionId: randomUUID(),
    request: parsed.data,
    startedAt: Date.now(),
    steps,
  };
  byKey.set(key, execution);
  byId.set(execution.executionId, execution);
  return { status: 202, body: view(execution, runMs) };
}

function plannedSteps(request: ExecutionRequest): string[] | undefined {
  const playbook = findCatalogPlaybook(request.playbookId);
  if (!playbook || playbook.version !== request.version) return undefined;

  const { parameters } = validatePlaybookParameters(playbook, request.parameters);
  return resolvePlaybookSteps(playbook, parameters).steps;
}

function view(execution: StubExecution, runMs: number) {
  const { executionId, steps } = execution;
  if (Date.now() - execution.startedAt < runMs) return { executionId, status: 'running' };

  const message = `Stub ran ${steps.length} steps; nothing was changed`;
  return { executionId, status: 'succeeded', message };
}
