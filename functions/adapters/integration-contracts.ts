import * as z from 'zod/mini';
import { DryRunCheckSchema } from '../core/dry-run';
import { IncidentSchema } from '../core/incident';
import { compileParameterPattern } from '../core/parameter-validation';
import { type PlaybookParameter, RiskSchema } from '../core/playbook';
import '../core/schema-locale';

// The wire contracts of the registry, runtime agent and recommender. docs/integrations.md
// prints them as JSON Schemas, and a test keeps the two the same.

/** What a playbook id may look like; anything else is unknown without asking anyone. */
export const PlaybookIdSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/));

/** A parameter value on the wire. */
export const ParameterValueSchema = z.union([
  z.string().check(z.maxLength(256)),
  z.number(),
  z.boolean(),
]);

const ParametersSchema = z.record(z.string().check(z.maxLength(100)), ParameterValueSchema);

/** Body of `POST {recommender}/recommendations`. */
export const RecommendationRequestSchema = z.object({ incident: IncidentSchema });

/** Answer of `POST {recommender}/recommendations`, best first. */
export const RecommenderAnswerSchema = z.object({
  recommendations: z
    .array(
      z.object({
        playbookId: z.string().check(z.minLength(1), z.maxLength(100)),
        confidence: z.number().check(z.minimum(0), z.maximum(1)),
        rationale: z.string().check(z.maxLength(500)),
      }),
    )
    .check(z.maxLength(20)),
});

/** One parameter as the registry declares it: the shape of `PlaybookParameter`. */
export const RegistryParameterSchema = z.object({
  name: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/)),
  type: z.enum(['string', 'integer', 'boolean']),
  description: z.string().check(z.maxLength(500)),
  required: z.boolean(),
  default: z.optional(ParameterValueSchema),
  minimum: z.optional(z.number()),
  maximum: z.optional(z.number()),
  enum: z.optional(
    z.array(z.string().check(z.maxLength(256))).check(z.minLength(1), z.maxLength(100)),
  ),
  // A pattern that does not compile would make every value fail; refuse it at the edge.
  pattern: z.optional(
    z.string().check(
      z.maxLength(200),
      z.refine((pattern) => compileParameterPattern(pattern) !== undefined, 'does not compile'),
    ),
  ),
}) satisfies z.ZodMiniType<PlaybookParameter>;

/** Answer of `GET {registry}/playbooks/{id}`. */
export const RegistryPlaybookSchema = z.object({
  id: PlaybookIdSchema,
  version: z.string().check(z.minLength(1), z.maxLength(50)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  description: z.string().check(z.maxLength(2000)),
  risk: RiskSchema,
  preApproved: z.boolean(),
  parameters: z.array(RegistryParameterSchema).check(z.maxLength(50)),
  steps: z.array(z.string().check(z.minLength(1), z.maxLength(500))).check(z.maxLength(100)),
});

/** Body of `POST {registry}/playbooks/{id}/dry-run`: the parameters as the caller gave them. */
export const RegistryDryRunRequestSchema = z.object({
  version: z.string().check(z.minLength(1), z.maxLength(50)),
  parameters: ParametersSchema,
});

/**
 * Answer of `POST {registry}/playbooks/{id}/dry-run`. A verdict without a check, or a valid
 * one with a failed check, breaks the contract and so fails closed.
 */
export const RegistryDryRunAnswerSchema = z
  .object({
    valid: z.boolean(),
    checks: z.array(DryRunCheckSchema).check(z.minLength(1), z.maxLength(50)),
  })
  .check(
    z.refine((answer) => !answer.valid || answer.checks.every((check) => check.passed), {
      message: 'a valid dry-run cannot contain a failed check',
      path: ['valid'],
    }),
  )
  // The same rule in JSON Schema terms, for the documented contract: invalid, or all passed.
  .register(z.globalRegistry, {
    anyOf: [
      { properties: { valid: { const: false } } },
      { properties: { checks: { items: { properties: { passed: { const: true } } } } } },
    ],
  });

/** Body of `POST {runtime}/executions`: resolved parameters, defaults applied. */
export const RuntimeExecutionRequestSchema = z.object({
  playbookId: PlaybookIdSchema,
  version: z.string().check(z.minLength(1), z.maxLength(50)),
  parameters: ParametersSchema,
});

/** An execution as the runtime agent reports it, on creation and when asked again. */
export const RuntimeExecutionSchema = z.object({
  executionId: z.string().check(z.minLength(1), z.maxLength(200)),
  status: z.enum(['succeeded', 'failed', 'running']),
  message: z.optional(z.string().check(z.maxLength(2000))),
});
export type RuntimeExecution = z.infer<typeof RuntimeExecutionSchema>;

/** Answer of `GET {base}/health` of each dependency; only a 2xx status is required. */
export const DependencyHealthSchema = z.object({ status: z.string().check(z.maxLength(100)) });
