import { RegistryDryRunRequestSchema } from '../../functions/adapters/integration-contracts';
import { findCatalogPlaybook } from '../../functions/core/playbook-catalog';
import { simulateDryRun } from '../../functions/core/simulated-dry-run';
import { badRequest, notFound, type StubReply, type StubRequest } from './stub-http';

const PLAYBOOK_PATH = /^\/playbooks\/([^/]+)$/;
const DRY_RUN_PATH = /^\/playbooks\/([^/]+)\/dry-run$/;

/**
 * The registry contract served from the built-in catalog: metadata by id, and a dry-run that
 * checks the version, the parameters and the steps the way the simulation does.
 */
export function registryRoute(request: StubRequest): StubReply {
  if (request.method === 'GET' && request.path === '/health') {
    return { status: 200, body: { status: 'ok' } };
  }

  const metadata = PLAYBOOK_PATH.exec(request.path);
  if (request.method === 'GET' && metadata?.[1]) return describe(decodeURIComponent(metadata[1]));

  const dryRun = DRY_RUN_PATH.exec(request.path);
  if (request.method === 'POST' && dryRun?.[1]) {
    return validate(decodeURIComponent(dryRun[1]), request.body);
  }
  return notFound(`no route ${request.method} ${request.path}`);
}

function describe(id: string): StubReply {
  const playbook = findCatalogPlaybook(id);
  if (!playbook) return notFound(`no playbook ${id}`);

  const { keywords: _keywords, signals: _signals, ...metadata } = playbook;
  return { status: 200, body: metadata };
}

function validate(id: string, body: unknown): StubReply {
  const playbook = findCatalogPlaybook(id);
  if (!playbook) return notFound(`no playbook ${id}`);
  const request = RegistryDryRunRequestSchema.safeParse(body);
  if (!request.success) return badRequest('expected {version, parameters}');

  // The asked version is checked against the catalog's, as a real registry would.
  const asked = { ...playbook, version: request.data.version };
  const { valid, checks } = simulateDryRun(asked, request.data.parameters);
  return { status: 200, body: { valid, checks } };
}
