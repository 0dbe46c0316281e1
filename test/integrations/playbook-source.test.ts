import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPlaybook } from '../../functions/adapters/playbook-source';
import { logger } from '../../functions/adapters/service-logger';
import { DependencyUnavailableError } from '../../functions/core/errors';
import { findCatalogPlaybook } from '../../functions/core/playbook-catalog';
import { type FakeService, refusingUrl, startFakeService } from '../support/fake-service';
import { integrationTestConfig } from './integration-test-config';

const METADATA = {
  id: 'restart-canary',
  version: '3.0.0',
  name: 'Restart canary',
  description: 'Restart the canary instances only.',
  risk: 'low',
  preApproved: false,
  parameters: [
    {
      name: 'batch',
      type: 'integer',
      description: 'Batch size.',
      required: false,
      default: 1,
      minimum: 1,
      maximum: 5,
    },
  ],
  steps: ['Restart {batch} canary instances'],
};

let registry: FakeService;
let answers: Record<string, { status: number; body: unknown }>;

beforeAll(async () => {
  logger.setLogLevel('ERROR');
  registry = await startFakeService(
    (call) => answers[call.path] ?? { status: 404, body: { title: 'Not found' } },
  );
});

afterAll(() => registry.close());

describe('findPlaybook', () => {
  it('answers from the built-in catalog when no registry is configured', async () => {
    const config = integrationTestConfig();

    expect(await findPlaybook('scale-out', config)).toBe(findCatalogPlaybook('scale-out'));
    expect(await findPlaybook('no-such-playbook', config)).toBeUndefined();
  });

  it('turns the registry metadata into a playbook', async () => {
    answers = { '/playbooks/restart-canary': { status: 200, body: METADATA } };

    const playbook = await findPlaybook(
      'restart-canary',
      integrationTestConfig({ REGISTRY_URL: registry.url }),
    );

    expect(playbook).toEqual({ ...METADATA, keywords: [], signals: [] });
  });

  it('answers undefined when the registry does not know the playbook', async () => {
    answers = {};

    expect(
      await findPlaybook('scale-out', integrationTestConfig({ REGISTRY_URL: registry.url })),
    ).toBeUndefined();
  });

  it('asks nobody about an id no playbook can have', async () => {
    const before = registry.calls.length;

    const playbook = await findPlaybook(
      '../admin',
      integrationTestConfig({ REGISTRY_URL: registry.url }),
    );

    expect(playbook).toBeUndefined();
    expect(registry.calls.length).toBe(before);
  });

  it('fails closed when metadata breaks the contract', async () => {
    answers = {
      '/playbooks/restart-canary': { status: 200, body: { ...METADATA, risk: 'negligible' } },
    };

    const error = await findPlaybook(
      'restart-canary',
      integrationTestConfig({ REGISTRY_URL: registry.url }),
    ).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).toMatchObject({ dependency: 'registry' });
    expect((error as Error).message).toMatch(
      /^The playbook registry could not describe "restart-canary": registry answered outside its contract \(risk: /,
    );
  });

  it('fails closed, naming the reason, when the registry is unreachable', async () => {
    const config = integrationTestConfig({ REGISTRY_URL: await refusingUrl() });

    const error = await findPlaybook('scale-out', config).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).message).toBe(
      'The playbook registry could not describe "scale-out": registry is unreachable (ECONNREFUSED)',
    );
  });
});
