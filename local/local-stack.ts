import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import dynalite from 'dynalite';
import { HANDLERS } from '../infra/handlers';
import { type LocalTemplate, synthesizeLocalTemplate } from '../infra/synth-local';
import { type LocalApiGateway, type ProxyHandler, startApiGateway } from './api-gateway';
import { AuthorizerGateway, type TokenAuthorizer } from './authorizer-gateway';
import { type DevKeys, LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateDevKeys } from './dev-keys';
import { startJwksServer } from './jwks-server';
import { lambdaContext } from './lambda-context';
import { createTemplateTables } from './local-tables';
import { localFunctionArn, resolveStateMachines } from './sfn/definition-loader';
import { startStepFunctionsServer } from './sfn/sfn-server';

/** How to run the offline stack. Ports of 0 pick free ones. */
export interface LocalStackOptions {
  dataDir: string;
  host?: string;
  port?: number;
  dynamodbPort?: number;
  stepFunctionsPort?: number;
  jwksPort?: number;
  approvalWindowSeconds?: number;
  executionWindowSeconds?: number;
  runPlaybookTimeoutSeconds?: number;
  registryUrl?: string;
  runtimeUrl?: string;
  recommenderUrl?: string;
  authorizerCacheTtlSeconds?: number;
  logLevel?: string;
}

/** Where the offline services listen, as written to `.local/endpoints.json`. */
export interface LocalEndpoints {
  api: string;
  dynamodb: string;
  stepFunctions: string;
  jwks: string;
  region: string;
  tables: { orchestrations: string; audit: string };
  stateMachineArn: string;
}

/** A running offline stack. */
export interface LocalStack {
  endpoints: LocalEndpoints;
  devKeys: DevKeys;
  stateTransitions(): number;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';

/**
 * Starts dynalite, the JWKS, the Step Functions emulator running the synthesized definition,
 * and the local API Gateway with the authorizer and every handler, all on loopback.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const closers: Array<() => Promise<void>> = [];

  try {
    const devKeys = await loadOrCreateDevKeys(dataDir);
    const jwks = await startJwksServer({ jwks: devKeys.jwks, port: options.jwksPort ?? 0, host });
    closers.push(() => jwks.close());

    const dynamodb = await startDynalite(
      resolve(dataDir, 'dynamodb'),
      host,
      options.dynamodbPort ?? 0,
    );
    closers.push(dynamodb.close);

    const local = synthesizeLocalTemplate({
      approvalWindowSeconds: options.approvalWindowSeconds ?? 14_400,
      executionWindowSeconds: options.executionWindowSeconds ?? 3_600,
      runPlaybookTimeoutSeconds: options.runPlaybookTimeoutSeconds,
      jwtIssuer: LOCAL_ISSUER,
      jwtAudience: LOCAL_AUDIENCE,
      jwtJwksUrl: jwks.url,
      registryUrl: options.registryUrl,
      runtimeUrl: options.runtimeUrl,
      recommenderUrl: options.recommenderUrl,
    });
    const tables = {
      orchestrations: local.tableLogicalIds.Orchestrations,
      audit: local.tableLogicalIds.Audit,
    };
    await createTemplateTables(dynamodb.endpoint, local.template, Object.values(tables));

    const sfn = await startEmulator(local, dataDir, host, options.stepFunctionsPort ?? 0);
    closers.push(() => sfn.server.close());

    setHandlerEnvironment(options, {
      eventsFile: resolve(dataDir, 'events.jsonl'),
      dynamodb: dynamodb.endpoint,
      sfn: sfn.server.endpoint,
      jwks: jwks.url,
      tables,
      stateMachineArn: sfn.stateMachineArn,
    });
    const loaded = await loadHandlers();
    sfn.bind(loaded.workflow);

    const gateway = await startGateway(options, host, loaded);
    closers.push(() => gateway.close());

    const endpoints: LocalEndpoints = {
      api: gateway.url,
      dynamodb: dynamodb.endpoint,
      stepFunctions: sfn.server.endpoint,
      jwks: jwks.url,
      region: REGION,
      tables,
      stateMachineArn: sfn.stateMachineArn,
    };
    writeFileSync(resolve(dataDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);

    return {
      endpoints,
      devKeys,
      stateTransitions: () => sfn.server.stats().stateTransitions,
      stop: () => closeAll(closers),
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

interface RunningDynalite {
  endpoint: string;
  close(): Promise<void>;
}

async function startDynalite(path: string, host: string, port: number): Promise<RunningDynalite> {
  mkdirSync(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });

  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    endpoint: `http://${host}:${actualPort}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

type WorkflowInvoker = (name: string, payload: unknown) => Promise<unknown>;

async function startEmulator(local: LocalTemplate, dataDir: string, host: string, port: number) {
  const nameOfLogicalId = new Map(
    Object.entries(local.functionLogicalIds).map(([name, id]) => [id, name]),
  );
  // Resumed executions may invoke before the handlers are loaded; they wait for them.
  let bind: (invoke: WorkflowInvoker) => void = () => undefined;
  const handlersLoaded = new Promise<WorkflowInvoker>((resolveBind) => {
    bind = resolveBind;
  });

  const stateMachines = resolveStateMachines(local.template, localFunctionArn);
  const server = await startStepFunctionsServer({
    host,
    port,
    dataDir: resolve(dataDir, 'stepfunctions'),
    stateMachines,
    region: REGION,
    invokeFunction: async (functionArn: string, payload: unknown) => {
      const logicalId = functionArn.split(':').at(-1) ?? '';
      const name = nameOfLogicalId.get(logicalId);
      if (!name) throw new Error(`No local function for ${functionArn}`);
      const invokeByName = await handlersLoaded;
      return invokeByName(name, payload);
    },
  });

  const stateMachineArn = server.stateMachineArns[local.stateMachineLogicalId];
  if (!stateMachineArn) throw new Error('The synthesized template has no state machine');
  return { server, stateMachineArn, bind };
}

interface HandlerEndpoints {
  eventsFile: string;
  dynamodb: string;
  sfn: string;
  jwks: string;
  tables: { orchestrations: string; audit: string };
  stateMachineArn: string;
}

/**
 * Every handler runs in this process and reads its configuration once, at import; so the
 * environment is set before the first import, exactly as Lambda would set it.
 */
function setHandlerEnvironment(options: LocalStackOptions, endpoints: HandlerEndpoints): void {
  const environment: Record<string, string | undefined> = {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SFN: endpoints.sfn,
    ORCHESTRATIONS_TABLE: endpoints.tables.orchestrations,
    AUDIT_TABLE: endpoints.tables.audit,
    STATE_MACHINE_ARN: endpoints.stateMachineArn,
    APPROVAL_WINDOW_SECONDS: String(options.approvalWindowSeconds ?? 14_400),
    EXECUTION_WINDOW_SECONDS: String(options.executionWindowSeconds ?? 3_600),
    REGISTRY_URL: options.registryUrl,
    RUNTIME_URL: options.runtimeUrl,
    RECOMMENDER_URL: options.recommenderUrl,
    // RunPlaybook stops waiting for the runtime just before the state machine's task timeout.
    RUN_PLAYBOOK_TIMEOUT_SECONDS: options.runPlaybookTimeoutSeconds?.toString(),
    JWT_ISSUER: LOCAL_ISSUER,
    JWT_AUDIENCE: LOCAL_AUDIENCE,
    JWT_JWKS_URL: endpoints.jwks,
    LOCAL_EVENTS_FILE: endpoints.eventsFile,
    POWERTOOLS_SERVICE_NAME: 'incident-orchestrator',
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
  };

  assertSameEnvironmentIfLoaded(environment);
  for (const [name, value] of Object.entries(environment)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

let loadedEnvironment: string | undefined;

function assertSameEnvironmentIfLoaded(environment: Record<string, string | undefined>): void {
  const fingerprint = JSON.stringify(environment);
  if (loadedEnvironment !== undefined && loadedEnvironment !== fingerprint) {
    throw new Error(
      'The handlers of this process were loaded with other endpoints or settings; ' +
        'restart the stack with the same ports and options, or use a new process',
    );
  }
  loadedEnvironment = fingerprint;
}

interface LoadedHandlers {
  api: Record<string, ProxyHandler>;
  authorizer: TokenAuthorizer;
  workflow: WorkflowInvoker;
}

type AnyHandler = (event: unknown, context: unknown) => Promise<unknown>;

async function loadHandlers(): Promise<LoadedHandlers> {
  const modules = await Promise.all(
    HANDLERS.map(async (definition) => {
      const module = (await import(resolve(definition.entry))) as { handler: AnyHandler };
      return [definition.name, module.handler] as const;
    }),
  );
  const byName = Object.fromEntries(modules) as Record<string, AnyHandler>;
  const authorizer = byName.Authorizer;
  if (!authorizer) throw new Error('The Authorizer handler is missing');

  return {
    api: byName as Record<string, ProxyHandler>,
    authorizer: (event: APIGatewayTokenAuthorizerEvent) =>
      authorizer(event, lambdaContext('Authorizer')) as ReturnType<TokenAuthorizer>,
    workflow: async (name, payload) => {
      const handler = byName[name];
      if (!handler) throw new Error(`No handler named ${name}`);
      return handler(payload, lambdaContext(name));
    },
  };
}

async function startGateway(
  options: LocalStackOptions,
  host: string,
  handlers: LoadedHandlers,
): Promise<LocalApiGateway> {
  const authorizer = new AuthorizerGateway(
    handlers.authorizer,
    options.authorizerCacheTtlSeconds ?? 300,
  );
  return startApiGateway({
    host,
    port: options.port ?? 0,
    stage: 'v1',
    handlers: handlers.api,
    authorizer,
    onError: (message, error) =>
      console.error(JSON.stringify({ level: 'ERROR', message, error: String(error) })),
  });
}

async function closeAll(closers: Array<() => Promise<void>>): Promise<void> {
  for (const close of closers.reverse()) {
    await close().catch(() => undefined);
  }
}
