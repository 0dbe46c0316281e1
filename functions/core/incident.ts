import * as z from 'zod/mini';
import './schema-locale';

/** How badly an incident hurts, as reported by the caller. */
export const SeveritySchema = z.enum(['critical', 'high', 'medium', 'low']);
export type Severity = z.infer<typeof SeveritySchema>;

/** One measured signal attached to an incident, such as `error_rate: 0.31`. */
export const SignalSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  value: z.union([z.string().check(z.maxLength(500)), z.number(), z.boolean()]),
});
export type Signal = z.infer<typeof SignalSchema>;

/** The incident a caller asks the orchestrator to remediate. */
export const IncidentSchema = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  severity: SeveritySchema,
  service: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  description: z.optional(z.string().check(z.maxLength(4000))),
  signals: z.optional(z.array(SignalSchema).check(z.maxLength(50))),
});
export type Incident = z.infer<typeof IncidentSchema>;
