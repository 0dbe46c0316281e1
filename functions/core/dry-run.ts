import * as z from 'zod/mini';
import './schema-locale';

/** Who produced a dry-run verdict: the labelled simulation or a configured registry. */
export const DryRunSourceSchema = z.enum(['simulation', 'registry']);
export type DryRunSource = z.infer<typeof DryRunSourceSchema>;

/** One named check of a dry-run and what it found. */
export interface DryRunCheck {
  name: string;
  passed: boolean;
  detail: string;
}

/** The verdict of a dry-run: valid only when every check passed. */
export interface DryRunResult {
  valid: boolean;
  checks: DryRunCheck[];
  source: DryRunSource;
}

/** One dry-run check as the simulation or a registry reports it. */
export const DryRunCheckSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  passed: z.boolean(),
  detail: z.string().check(z.maxLength(2000)),
}) satisfies z.ZodMiniType<DryRunCheck>;

/**
 * A dry-run verdict, as the simulation produces and the registry client parses it.
 *
 * A verdict that claims to be valid while reporting a failed check is refused, so that a
 * confused registry fails closed instead of letting a playbook through.
 */
export const DryRunResultSchema = z
  .object({
    valid: z.boolean(),
    checks: z.array(DryRunCheckSchema).check(z.maxLength(50)),
    source: DryRunSourceSchema,
  })
  .check(
    z.refine((result) => !result.valid || result.checks.every((check) => check.passed), {
      message: 'a valid dry-run cannot contain a failed check',
      path: ['valid'],
    }),
  ) satisfies z.ZodMiniType<DryRunResult>;
