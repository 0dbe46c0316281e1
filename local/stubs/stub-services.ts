import { recommenderRoute } from './recommender-stub';
import { registryRoute } from './registry-stub';
import { runtimeRoute } from './runtime-stub';
import { type RunningStub, type StubOptions, type StubRoute, startStub } from './stub-http';

/** Ports of the three stubs (0 picks free ones) and how long a stub run takes. */
export interface StubServicesOptions {
  registryPort: number;
  runtimePort: number;
  recommenderPort: number;
  runtimeRunMs: number;
  /** `bearer:<token>` or `api-key:<header>:<value>` per stub, as the orchestrator sends it. */
  auth?: { registry?: string; runtime?: string; recommender?: string };
  log?: (line: string) => void;
}

/** The running stubs and the environment that points the orchestrator at them. */
export interface StubServices {
  registry: RunningStub;
  runtime: RunningStub;
  recommender: RunningStub;
  environment: Record<'REGISTRY_URL' | 'RUNTIME_URL' | 'RECOMMENDER_URL', string>;
  close(): Promise<void>;
}

/** Starts the registry, runtime agent and recommender stubs on 127.0.0.1. */
export async function startStubServices(options: StubServicesOptions): Promise<StubServices> {
  const { auth, log } = options;
  const started: RunningStub[] = [];
  const start = async (name: string, port: number, route: StubRoute, spec?: string) => {
    const stub = await startStub(name, port, route, {
      requiredHeader: requiredHeaderOf(spec),
      log,
    });
    started.push(stub);
    return stub;
  };

  try {
    const runtimeStub = runtimeRoute(options.runtimeRunMs);
    const registry = await start('registry', options.registryPort, registryRoute, auth?.registry);
    const runtime = await start('runtime', options.runtimePort, runtimeStub, auth?.runtime);
    const recommender = await start(
      'recommender',
      options.recommenderPort,
      recommenderRoute,
      auth?.recommender,
    );
    return servicesOf(registry, runtime, recommender);
  } catch (error) {
    // A port already in use must not leave the other stubs running.
    await Promise.all(started.map((stub) => stub.close()));
    throw error;
  }
}

function servicesOf(
  registry: RunningStub,
  runtime: RunningStub,
  recommender: RunningStub,
): StubServices {
  return {
    registry,
    runtime,
    recommender,
    environment: {
      REGISTRY_URL: registry.url,
      RUNTIME_URL: runtime.url,
      RECOMMENDER_URL: recommender.url,
    },
    close: async () => {
      await Promise.all([registry.close(), runtime.close(), recommender.close()]);
    },
  };
}

/** The header a stub requires for `bearer:` or `api-key:` specs; `secret:` is AWS only. */
function requiredHeaderOf(spec: string | undefined): StubOptions['requiredHeader'] {
  if (spec?.startsWith('bearer:')) {
    return { name: 'authorization', value: `Bearer ${spec.slice('bearer:'.length)}` };
  }

  const apiKey = /^api-key:([A-Za-z0-9-]+):(.+)$/.exec(spec ?? '');
  return apiKey?.[1] && apiKey[2] ? { name: apiKey[1].toLowerCase(), value: apiKey[2] } : undefined;
}
