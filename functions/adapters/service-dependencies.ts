import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainEventPublisher } from './domain-event-publisher';
import { createDocumentClient } from './dynamodb-document-client';
import { IdempotencyStore } from './idempotency-store';
import { MetricsStore } from './metrics-store';
import { OrchestrationStore } from './orchestration-store';
import { PolicyStore } from './policy-store';
import { processServiceConfig, type ServiceConfig } from './service-config';
import { WorkflowClient } from './workflow-client';

/** Everything a handler talks to, built once per cold start. */
export interface ServiceDependencies {
  config: ServiceConfig;
  client: DynamoDBDocumentClient;
  store: OrchestrationStore;
  metrics: MetricsStore;
  idempotency: IdempotencyStore;
  policies: PolicyStore;
  workflow: WorkflowClient;
}

let dependencies: ServiceDependencies | undefined;

/** The cold-start singletons; the environment is read and validated on first use. */
export function serviceDependencies(): ServiceDependencies {
  dependencies ??= buildDependencies(processServiceConfig());
  return dependencies;
}

function buildDependencies(config: ServiceConfig): ServiceDependencies {
  const client = createDocumentClient();
  const metrics = new MetricsStore(client, config.ORCHESTRATIONS_TABLE);
  const tables = { orchestrations: config.ORCHESTRATIONS_TABLE, audit: config.AUDIT_TABLE };

  return {
    config,
    client,
    store: new OrchestrationStore(client, tables, metrics, publisherOf(config)),
    metrics,
    idempotency: new IdempotencyStore(client, config.ORCHESTRATIONS_TABLE),
    policies: new PolicyStore(client, tables),
    workflow: new WorkflowClient(config.STATE_MACHINE_ARN),
  };
}

function publisherOf(config: ServiceConfig): DomainEventPublisher {
  return new DomainEventPublisher({
    eventBusName: config.EVENT_BUS_NAME,
    localEventsFile: config.LOCAL_EVENTS_FILE,
  });
}
