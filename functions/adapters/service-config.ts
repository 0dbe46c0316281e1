import { z } from 'zod';

const OptionalUrlSchema = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .pipe(z.url().optional())
  .optional();

const SecondsSchema = z.coerce.number().int().positive();

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
  INTEGRATION_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(65_536),
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
