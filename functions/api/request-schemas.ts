import * as z from 'zod/mini';
import { ApprovalPolicySchema } from '../core/approval-policy';
import { IncidentSchema } from '../core/incident';
import '../core/schema-locale';

/** Body of `POST /orchestrate`. */
export const OrchestrateRequestSchema = z.strictObject({ incident: IncidentSchema });
export type OrchestrateRequest = z.infer<typeof OrchestrateRequestSchema>;

const ParameterValueSchema = z.union([z.string().check(z.maxLength(256)), z.number(), z.boolean()]);

/** Body of `POST /orchestrations/{id}/dry-run`; the playbook defaults to the top suggestion. */
export const DryRunRequestSchema = z.strictObject({
  playbookId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  parameters: z.optional(z.record(z.string().check(z.maxLength(100)), ParameterValueSchema)),
});
export type DryRunRequest = z.infer<typeof DryRunRequestSchema>;

/** Minimum length of a justification, so "ok" is never the whole reason. */
export const MIN_JUSTIFICATION_LENGTH = 10;

/** Body of approve and reject: why, in the approver's words. */
export const DecisionRequestSchema = z.strictObject({
  justification: z
    .string()
    .check(z.trim(), z.minLength(MIN_JUSTIFICATION_LENGTH), z.maxLength(2000)),
});
export type DecisionRequest = z.infer<typeof DecisionRequestSchema>;

/** Body of execute and cancel: nothing. */
export const EmptyRequestSchema = z.strictObject({});

/** The `Idempotency-Key` header. */
export const IdempotencyKeySchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^[\x21-\x7e]+$/, 'must be 1–128 visible ASCII characters'),
  );

/** Body of `PUT /policies`: the whole policy and the version it replaces. */
export const PutPolicyRequestSchema = z.strictObject({
  expectedVersion: z.int().check(z.minimum(0)),
  policy: ApprovalPolicySchema,
});
export type PutPolicyRequest = z.infer<typeof PutPolicyRequestSchema>;
