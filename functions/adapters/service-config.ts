import * as z from 'zod/mini';
import '../core/schema-locale';
import { isIntegrationAuthSpec } from './integration-auth';

// A variable set to blanks counts as unset: the trimmed value, or undefined when none is left.
const TrimmedOrUnsetSchema = z.pipe(
  z.string().check(z.trim()),
  z.transform((value: string) => value || undefined),
);

const OptionalUrlSchema = z.optional(z.pipe(TrimmedOrUnsetSchema, z.optional(z.url())));

// The message names the accepted forms only: the value may be a credential.
const OptionalAuthSchema = z.optional(
  TrimmedOrUnsetSchema.check(
    z.refine((value) => value === undefined || isIntegrationAuthSpec(value), {
      message: 'must be bearer:<token>, api-key:<header>:<value> or secret:<secrets manager arn>',
    }),
  ),
);

const SecondsSchema = z.coerce.number().check(z.int(), z.positive());
const CountSchema = z.coerce.number().check(z.int(), z.positive());
const MillisecondsSchema = z.coerce.number().check(z.int(), z.positive());

/** The environment every API and workflow handler reads once, at cold start. */
export const ServiceConfigSchema = z.object({
  ORCHESTRATIONS_TABLE: z.string().check(z.minLength(1)),
  AUDIT_TABLE: z.string().check(z.minLength(1)),
  STATE_MACHINE_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  APPROVAL_WINDOW_SECONDS: z._default(SecondsSchema, 14_400),
  EXECUTION_WINDOW_SECONDS: z._default(SecondsSchema, 3_600),
  REGISTRY_URL: OptionalUrlSchema,
  RUNTIME_URL: OptionalUrlSchema,
  RECOMMENDER_URL: OptionalUrlSchema,
  REGISTRY_AUTH: OptionalAuthSchema,
  RUNTIME_AUTH: OptionalAuthSchema,
  RECOMMENDER_AUTH: OptionalAuthSchema,
  INTEGRATION_TIMEOUT_MS: z._default(MillisecondsSchema, 5_000),
  INTEGRATION_MAX_ATTEMPTS: z._default(CountSchema.check(z.maximum(10)), 3),
  INTEGRATION_BREAKER_THRESHOLD: z._default(CountSchema, 5),
  INTEGRATION_BREAKER_COOLDOWN_MS: z._default(MillisecondsSchema, 30_000),
  RUNTIME_POLL_INTERVAL_MS: z._default(MillisecondsSchema, 2_000),
  RUN_PLAYBOOK_TIMEOUT_SECONDS: z._default(SecondsSchema.check(z.maximum(900)), 300),
  MAX_BODY_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 65_536),
  EVENT_BUS_NAME: z.optional(z.string().check(z.minLength(1))),
  LOCAL_EVENTS_FILE: z.optional(z.string().check(z.minLength(1))),
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
