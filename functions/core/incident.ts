import { z } from 'zod';

/** How badly an incident hurts, as reported by the caller. */
export const SeveritySchema = z.enum(['critical', 'high', 'medium', 'low']);
export type Severity = z.infer<typeof SeveritySchema>;

/** One measured signal attached to an incident, such as `error_rate: 0.31`. */
export const SignalSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  value: z.union([z.string().max(500), z.number().finite(), z.boolean()]),
});
export type Signal = z.infer<typeof SignalSchema>;

/** The incident a caller asks the orchestrator to remediate. */
export const IncidentSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  severity: SeveritySchema,
  service: z.string().trim().min(1).max(100),
  description: z.string().max(4000).optional(),
  signals: z.array(SignalSchema).max(50).optional(),
});
export type Incident = z.infer<typeof IncidentSchema>;
