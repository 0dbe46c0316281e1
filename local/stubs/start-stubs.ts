import { startStubServices } from './stub-services';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const stubs = await startStubServices({
  registryPort: port('REGISTRY_STUB_PORT', 8101),
  runtimePort: port('RUNTIME_STUB_PORT', 8102),
  recommenderPort: port('RECOMMENDER_STUB_PORT', 8103),
  runtimeRunMs: port('RUNTIME_STUB_RUN_MS', 3_000),
  auth: {
    registry: process.env.REGISTRY_AUTH,
    runtime: process.env.RUNTIME_AUTH,
    recommender: process.env.RECOMMENDER_AUTH,
  },
  log: (line) => console.log(line),
});

const exports = Object.entries(stubs.environment).map(([name, url]) => `export ${name}=${url}`);
console.log(
  [
    'Registry, runtime agent and recommender stubs are running on 127.0.0.1, backed by the',
    'built-in catalog. In the shell where you run `npm start`, paste:',
    '',
    ...exports,
    '',
    'Each request they serve is logged below.',
    '',
  ].join('\n'),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    stubs.close().then(() => process.exit(0));
  });
}
