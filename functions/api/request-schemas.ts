import { z } from 'zod';
import { ApprovalPolicySchema } from '../core/approval-policy';
import { IncidentSchema } from '../core/incident';

/** Body of `POST /orchestrate`. */
export const OrchestrateRequestSchema = z.strictObject({ incident: IncidentSchema });
export type OrchestrateRequest = z.infer<typeof OrchestrateRequestSchema>;

const ParameterValueSchema = z.union([z.string().max(256), z.number().finite(), z.boolean()]);

/** Body of `POST /orchestrations/{id}/dry-run`; the playbook defaults to the top suggestion. */
export const DryRunRequestSchema = z.strictObject({
  playbookId: z.string().trim().min(1).max(100).optional(),
  parameters: z.record(z.string().max(100), ParameterValueSchema).optional(),
});
export type DryRunRequest = z.infer<typeof DryRunRequestSchema>;

/** Minimum length of a justification, so "ok" is never the whole reason. */
export const MIN_JUSTIFICATION_LENGTH = 10;

/** Body of approve and reject: why, in the approver's words. */
export const DecisionRequestSchema = z.strictObject({
  justification: z.string().trim().min(MIN_JUSTIFICATION_LENGTH).max(2000),
});
export type DecisionRequest = z.infer<typeof DecisionRequestSchema>;

/** Body of execute and cancel: nothing. */
export const EmptyRequestSchema = z.strictObject({});

/** The `Idempotency-Key` header. */
export const IdempotencyKeySchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'must be 1–128 visible ASCII characters');

/** Body of `PUT /policies`: the whole policy and the version it replaces. */
export const PutPolicyRequestSchema = z.strictObject({
  expectedVersion: z.int().min(0),
  policy: ApprovalPolicySchema,
});
export type PutPolicyRequest = z.infer<typeof PutPolicyRequestSchema>;
