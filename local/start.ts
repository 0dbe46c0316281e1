import { performance } from 'node:perf_hooks';
import { startLocalStack } from './local-stack';
import { walkthrough } from './walkthrough';

const startedAt = performance.now();
const apiPort = Number(process.env.PORT ?? 8004);
// Neighbouring fixed ports keep the endpoints stable across restarts; PORT=0 picks free ones.
const neighbour = (offset: number) => (apiPort === 0 ? 0 : apiPort + offset);
const optionalSeconds = (name: string) =>
  process.env[name] ? Number(process.env[name]) : undefined;

const stack = await startLocalStack({
  dataDir: process.env.LOCAL_DATA_DIR ?? '.local',
  host: process.env.HOST ?? '127.0.0.1',
  port: apiPort,
  dynamodbPort: neighbour(1),
  stepFunctionsPort: neighbour(2),
  jwksPort: neighbour(3),
  approvalWindowSeconds: optionalSeconds('APPROVAL_WINDOW_SECONDS'),
  executionWindowSeconds: optionalSeconds('EXECUTION_WINDOW_SECONDS'),
  runPlaybookTimeoutSeconds: optionalSeconds('RUN_PLAYBOOK_TIMEOUT_SECONDS'),
  registryUrl: process.env.REGISTRY_URL,
  runtimeUrl: process.env.RUNTIME_URL,
  recommenderUrl: process.env.RECOMMENDER_URL,
  authorizerCacheTtlSeconds: optionalSeconds('AUTHORIZER_CACHE_TTL_SECONDS'),
});

const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
process.stdout.write(walkthrough(stack.endpoints, seconds));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    stack.stop().then(() => process.exit(0));
  });
}
