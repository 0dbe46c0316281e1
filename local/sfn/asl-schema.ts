import { z } from 'zod';

/** Comparison operators of a Choice rule that the emulator evaluates, with the operand kind. */
export const CHOICE_COMPARATORS = {
  StringEquals: 'string',
  StringEqualsPath: 'path',
  StringMatches: 'string',
  NumericEquals: 'number',
  NumericGreaterThan: 'number',
  NumericGreaterThanEquals: 'number',
  NumericLessThan: 'number',
  NumericLessThanEquals: 'number',
  BooleanEquals: 'boolean',
  IsPresent: 'boolean',
  IsNull: 'boolean',
  IsString: 'boolean',
  IsBoolean: 'boolean',
  IsNumeric: 'boolean',
} as const;

/** The name of a supported Choice comparator. */
export type ChoiceComparator = keyof typeof CHOICE_COMPARATORS;

/** A Choice rule: a comparison of `Variable`, or `And` / `Or` / `Not` over nested rules. */
export interface ChoiceRule extends Partial<Record<ChoiceComparator, string | number | boolean>> {
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Next?: string;
  Comment?: string;
}

/** Schema of a Choice rule, strict so that an unsupported comparator is named. */
export const ChoiceRuleSchema: z.ZodType<ChoiceRule> = z.lazy(() =>
  z.strictObject({
    Variable: z.string().optional(),
    And: z.array(ChoiceRuleSchema).min(1).optional(),
    Or: z.array(ChoiceRuleSchema).min(1).optional(),
    Not: ChoiceRuleSchema.optional(),
    Next: z.string().optional(),
    Comment: z.string().optional(),
    StringEquals: z.string().optional(),
    StringEqualsPath: z.string().optional(),
    StringMatches: z.string().optional(),
    NumericEquals: z.number().optional(),
    NumericGreaterThan: z.number().optional(),
    NumericGreaterThanEquals: z.number().optional(),
    NumericLessThan: z.number().optional(),
    NumericLessThanEquals: z.number().optional(),
    BooleanEquals: z.boolean().optional(),
    IsPresent: z.boolean().optional(),
    IsNull: z.boolean().optional(),
    IsString: z.boolean().optional(),
    IsBoolean: z.boolean().optional(),
    IsNumeric: z.boolean().optional(),
  }),
);

const ErrorNamesSchema = z.array(z.string()).min(1);
const NullablePathSchema = z.string().nullable().optional();

/** A Retry entry of a Task state. */
export const RetrierSchema = z.strictObject({
  ErrorEquals: ErrorNamesSchema,
  IntervalSeconds: z.int().min(0).optional(),
  MaxAttempts: z.int().min(0).optional(),
  BackoffRate: z.number().min(1).optional(),
  MaxDelaySeconds: z.int().min(1).optional(),
  JitterStrategy: z.enum(['FULL', 'NONE']).optional(),
  Comment: z.string().optional(),
});
/** A Retry entry, as validated. */
export type Retrier = z.infer<typeof RetrierSchema>;

/** A Catch entry of a Task state. */
export const CatcherSchema = z.strictObject({
  ErrorEquals: ErrorNamesSchema,
  Next: z.string(),
  ResultPath: NullablePathSchema,
  Comment: z.string().optional(),
});
/** A Catch entry, as validated. */
export type Catcher = z.infer<typeof CatcherSchema>;

const common = {
  Comment: z.string().optional(),
  QueryLanguage: z.literal('JSONPath').optional(),
  InputPath: NullablePathSchema,
  OutputPath: NullablePathSchema,
};
const transition = { Next: z.string().optional(), End: z.literal(true).optional() };

/** A Task state calling a Lambda function. */
export const TaskStateSchema = z.strictObject({
  Type: z.literal('Task'),
  ...common,
  ...transition,
  Resource: z.string(),
  Parameters: z.unknown().optional(),
  ResultSelector: z.record(z.string(), z.unknown()).optional(),
  ResultPath: NullablePathSchema,
  Retry: z.array(RetrierSchema).optional(),
  Catch: z.array(CatcherSchema).optional(),
  TimeoutSeconds: z.int().min(1).optional(),
  HeartbeatSeconds: z.int().min(1).optional(),
});
/** A Task state, as validated. */
export type TaskState = z.infer<typeof TaskStateSchema>;

/** A Pass state. */
export const PassStateSchema = z.strictObject({
  Type: z.literal('Pass'),
  ...common,
  ...transition,
  Result: z.unknown().optional(),
  ResultPath: NullablePathSchema,
  Parameters: z.unknown().optional(),
});
/** A Pass state, as validated. */
export type PassState = z.infer<typeof PassStateSchema>;

/** A Wait state. */
export const WaitStateSchema = z.strictObject({
  Type: z.literal('Wait'),
  ...common,
  ...transition,
  Seconds: z.int().min(0).optional(),
  SecondsPath: z.string().optional(),
  Timestamp: z.iso.datetime({ offset: true }).optional(),
  TimestampPath: z.string().optional(),
});
/** A Wait state, as validated. */
export type WaitState = z.infer<typeof WaitStateSchema>;

/** A Choice state. */
export const ChoiceStateSchema = z.strictObject({
  Type: z.literal('Choice'),
  ...common,
  Choices: z.array(ChoiceRuleSchema).min(1),
  Default: z.string().optional(),
});
/** A Choice state, as validated. */
export type ChoiceState = z.infer<typeof ChoiceStateSchema>;

/** A Succeed state. */
export const SucceedStateSchema = z.strictObject({ Type: z.literal('Succeed'), ...common });
/** A Succeed state, as validated. */
export type SucceedState = z.infer<typeof SucceedStateSchema>;

/** A Fail state. */
export const FailStateSchema = z.strictObject({
  Type: z.literal('Fail'),
  Comment: z.string().optional(),
  QueryLanguage: z.literal('JSONPath').optional(),
  Error: z.string().optional(),
  Cause: z.string().optional(),
});
/** A Fail state, as validated. */
export type FailState = z.infer<typeof FailStateSchema>;

/** The schema of each state type the emulator runs. */
export const STATE_SCHEMAS = {
  Task: TaskStateSchema,
  Pass: PassStateSchema,
  Wait: WaitStateSchema,
  Choice: ChoiceStateSchema,
  Succeed: SucceedStateSchema,
  Fail: FailStateSchema,
} as const;

/** A state of a type the emulator runs. */
export type AslState = TaskState | PassState | WaitState | ChoiceState | SucceedState | FailState;

/** The top level of a state machine definition, before its states are checked one by one. */
export const DefinitionEnvelopeSchema = z.strictObject({
  StartAt: z.string(),
  States: z.record(z.string(), z.unknown()),
  Comment: z.string().optional(),
  Version: z.string().optional(),
  TimeoutSeconds: z.int().min(1).optional(),
  QueryLanguage: z.literal('JSONPath').optional(),
});

/** A validated state machine definition in the subset of ASL the emulator runs. */
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
  Version?: string;
  TimeoutSeconds?: number;
  QueryLanguage?: 'JSONPath';
}
