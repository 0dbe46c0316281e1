import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from './dynamodb-document-client';
import { MetricsStore } from './metrics-store';
import { OrchestrationStore } from './orchestration-store';
import { PolicyStore } from './policy-store';
import { processServiceConfig, type ServiceConfig } from './service-config';

/**
 * What the read routes need. Without the workflow client and the event publisher, their
 * bundles leave the Step Functions and EventBridge clients out, which shortens cold starts.
 */
export interface ReadDependencies {
  config: ServiceConfig;
  client: DynamoDBDocumentClient;
  store: OrchestrationStore;
  metrics: MetricsStore;
  policies: PolicyStore;
}

let dependencies: ReadDependencies | undefined;

/** The cold-start singletons of a read route; read-repair still writes, nothing publishes. */
export function readDependencies(): ReadDependencies {
  dependencies ??= buildReadDependencies(processServiceConfig());
  return dependencies;
}

function buildReadDependencies(config: ServiceConfig): ReadDependencies {
  const client = createDocumentClient();
  const tables = { orchestrations: config.ORCHESTRATIONS_TABLE, audit: config.AUDIT_TABLE };

  return {
    config,
    client,
    store: new OrchestrationStore(client, tables),
    metrics: new MetricsStore(client, config.ORCHESTRATIONS_TABLE),
    policies: new PolicyStore(client, tables),
  };
}
