import { type ServiceConfig, ServiceConfigSchema } from '../../functions/adapters/service-config';

/** A handler configuration for in-process adapter tests, with small timeouts. */
export function integrationTestConfig(overrides: Record<string, string> = {}): ServiceConfig {
  return ServiceConfigSchema.parse({
    ORCHESTRATIONS_TABLE: 'orchestrations',
    AUDIT_TABLE: 'audit',
    INTEGRATION_TIMEOUT_MS: '300',
    INTEGRATION_MAX_ATTEMPTS: '3',
    INTEGRATION_BREAKER_THRESHOLD: '5',
    INTEGRATION_BREAKER_COOLDOWN_MS: '60000',
    ...overrides,
  });
}
