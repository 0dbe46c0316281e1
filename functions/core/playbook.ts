import * as z from 'zod/mini';
import './schema-locale';

/** Blast radius of a playbook; drives how many approvals it needs. */
export const RiskSchema = z.enum(['low', 'medium', 'high', 'critical']);
export type Risk = z.infer<typeof RiskSchema>;

/** One parameter a playbook accepts, described so a dry-run can check it. */
export interface PlaybookParameter {
  name: string;
  type: 'string' | 'integer' | 'boolean';
  description: string;
  required: boolean;
  default?: string | number | boolean;
  /** Inclusive bounds for integers. */
  minimum?: number;
  maximum?: number;
  /** Allowed values for strings. */
  enum?: readonly string[];
  /** Anchored regular expression for strings. */
  pattern?: string;
}

/** A remediation procedure the runtime agent can run. */
export interface Playbook {
  id: string;
  version: string;
  name: string;
  description: string;
  risk: Risk;
  /** Pre-approved playbooks may run without a human in auto mode (low risk only). */
  preApproved: boolean;
  parameters: readonly PlaybookParameter[];
  steps: readonly string[];
  /** Words that make this playbook relevant when they appear in an incident. */
  keywords: readonly string[];
  /** Signal names that point at this playbook. */
  signals: readonly string[];
}

/** A playbook proposed for an incident, with why it ranks where it does. */
export const RecommendationSchema = z.strictObject({
  playbookId: z.string(),
  name: z.string(),
  risk: RiskSchema,
  confidence: z.number().check(z.minimum(0), z.maximum(1)),
  rationale: z.string(),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;
