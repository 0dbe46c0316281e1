import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ZodMiniType } from 'zod/mini';
import * as contracts from '../../functions/adapters/integration-contracts';
import { recommenderRoute } from '../../local/stubs/recommender-stub';
import { registryRoute } from '../../local/stubs/registry-stub';
import { runtimeRoute } from '../../local/stubs/runtime-stub';
import type { StubRequest } from '../../local/stubs/stub-http';
import { CHECKOUT_INCIDENT } from '../support/lifecycle-steps';

const CONTRACTS: Record<string, ZodMiniType> = {
  'recommendation-request': contracts.RecommendationRequestSchema,
  'recommender-answer': contracts.RecommenderAnswerSchema,
  'registry-playbook': contracts.RegistryPlaybookSchema,
  'registry-dry-run-request': contracts.RegistryDryRunRequestSchema,
  'registry-dry-run-answer': contracts.RegistryDryRunAnswerSchema,
  'runtime-execution-request': contracts.RuntimeExecutionRequestSchema,
  'runtime-execution': contracts.RuntimeExecutionSchema,
  'dependency-health': contracts.DependencyHealthSchema,
};

/** The JSON Schemas printed in docs/integrations.md, by the id in their marker comment. */
function documentedSchemas(): Map<string, unknown> {
  const doc = readFileSync('docs/integrations.md', 'utf8');
  const blocks = doc.matchAll(/<!-- schema: ([a-z-]+) -->\n```json\n([\s\S]*?)\n```/g);
  return new Map([...blocks].map(([, id = '', json = '']) => [id, JSON.parse(json)]));
}

function request(method: string, path: string, body?: unknown, key?: string): StubRequest {
  return { method, path, headers: key ? { 'idempotency-key': key } : {}, body };
}

describe('docs/integrations.md', () => {
  it('prints one JSON Schema per contract, equal to the one the code validates with', () => {
    const documented = documentedSchemas();

    expect([...documented.keys()].sort()).toEqual(Object.keys(CONTRACTS).sort());
    for (const [id, schema] of Object.entries(CONTRACTS)) {
      const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
      expect(documented.get(id), id).toEqual({
        ...generated,
        $id: `urn:incident-orchestrator:${id}`,
      });
    }
  });
});

describe('the stubs of npm run stubs', () => {
  it('answer within the contract they document', async () => {
    const runtime = runtimeRoute(0);
    const execution = { playbookId: 'scale-out', version: '1.4.0', parameters: { replicas: 2 } };
    const created = runtime(request('POST', '/executions', execution, 'key-1'));
    const executionId = String((created.body as { executionId: string }).executionId);

    const answers: [ZodMiniType, unknown][] = [
      [
        contracts.RecommenderAnswerSchema,
        recommenderRoute(request('POST', '/recommendations', { incident: CHECKOUT_INCIDENT })).body,
      ],
      [
        contracts.RegistryPlaybookSchema,
        registryRoute(request('GET', '/playbooks/failover-database')).body,
      ],
      [
        contracts.RegistryDryRunAnswerSchema,
        registryRoute(
          request('POST', '/playbooks/scale-out/dry-run', { version: '1.4.0', parameters: {} }),
        ).body,
      ],
      [contracts.RuntimeExecutionSchema, created.body],
      [
        contracts.RuntimeExecutionSchema,
        runtime(request('GET', `/executions/${executionId}`)).body,
      ],
      [contracts.DependencyHealthSchema, registryRoute(request('GET', '/health')).body],
    ];

    for (const [schema, answer] of answers) expect(schema.safeParse(answer).error).toBeUndefined();
    expect(runtime(request('POST', '/executions', execution, 'key-1')).body).toMatchObject({
      executionId,
      status: 'succeeded',
    });
    expect(
      runtime(request('POST', '/executions', { ...execution, version: '9.9.9' }, 'key-1')).status,
    ).toBe(422);
  });
});
