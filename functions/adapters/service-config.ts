import { z } from 'zod';
import { isIntegrationAuthSpec } from './integration-auth';

const OptionalUrlSchema = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .pipe(z.url().optional())
  .optional();

// The message names the accepted forms only: the value may be a credential.
const OptionalAuthSchema = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .refine((value) => value === undefined || isIntegrationAuthSpec(value), {
    message: 'must be bearer:<token>, api-key:<header>:<value> or secret:<secrets manager arn>',
  })
  .optional();

const SecondsSchema = z.coerce.number().int().positive();
const CountSchema = z.coerce.number().int().positive();
const MillisecondsSchema = z.coerce.number().int().positive();

/** The environment every API and workflow handler reads once, at cold start. */
export const ServiceConfigSchema = z.object({
  ORCHESTRATIONS_TABLE: z.string().min(1),
  AUDIT_TABLE: z.string().min(1),
  STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  APPROVAL_WINDOW_SECONDS: SecondsSchema.default(14_400),
  EXECUTION_WINDOW_SECONDS: SecondsSchema.default(3_600),
  REGISTRY_URL: OptionalUrlSchema,
  RUNTIME_URL: OptionalUrlSchema,
  RECOMMENDER_URL: OptionalUrlSchema,
  REGISTRY_AUTH: OptionalAuthSchema,
  RUNTIME_AUTH: OptionalAuthSchema,
  RECOMMENDER_AUTH: OptionalAuthSchema,
  INTEGRATION_TIMEOUT_MS: MillisecondsSchema.default(5_000),
  INTEGRATION_MAX_ATTEMPTS: CountSchema.max(10).default(3),
  INTEGRATION_BREAKER_THRESHOLD: CountSchema.default(5),
  INTEGRATION_BREAKER_COOLDOWN_MS: MillisecondsSchema.default(30_000),
  RUNTIME_POLL_INTERVAL_MS: MillisecondsSchema.default(2_000),
  RUN_PLAYBOOK_TIMEOUT_SECONDS: SecondsSchema.max(900).default(300),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(65_536),
  EVENT_BUS_NAME: z.string().min(1).optional(),
  LOCAL_EVENTS_FILE: z.string().min(1).optional(),
});

/** Validated configuration of the orchestration handlers. */
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;

/** Reads and validates the environment; a bad deployment fails at cold start, loudly. */
export function readServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = ServiceConfigSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new TypeError(`Invalid handler environment (${fields})`, { cause: parsed.error });
  }
  return parsed.data;
}

let processConfig: ServiceConfig | undefined;

/**
 * The configuration of this process, read once. For adapters whose callers pass only a URL
 * and a timeout: credentials, retry and circuit breaker settings come from here.
 */
export function processServiceConfig(): ServiceConfig {
  processConfig ??= readServiceConfig();
  return processConfig;
}
