/** A state machine definition in Amazon States Language, parsed. */
export interface StateMachineDefinition {
  readonly StartAt: string;
  readonly States: Record<string, Record<string, unknown>>;
}

/** Values substituted for the pseudo parameters a definition may reference. */
const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
};

/**
 * Resolves a synthesized `DefinitionString` (a string or an `Fn::Join` of strings, pseudo
 * parameter `Ref`s and `Fn::GetAtt [<id>, Arn]` of functions) and parses it.
 */
export function resolveDefinition(definitionString: unknown): StateMachineDefinition {
  return JSON.parse(resolveString(definitionString)) as StateMachineDefinition;
}

/** The Lambda ARN a function's `Fn::GetAtt` resolves to, so tests can match task resources. */
export function functionArnOf(logicalId: string): string {
  return `arn:aws:lambda:us-east-1:123456789012:function:${logicalId}`;
}

function resolveString(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }

  if (isObject(value) && Array.isArray(value['Fn::Join'])) {
    const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
    return parts.map(resolveString).join(separator);
  }

  if (isObject(value) && typeof value.Ref === 'string' && value.Ref in PSEUDO_PARAMETERS) {
    return PSEUDO_PARAMETERS[value.Ref] ?? '';
  }

  if (isObject(value) && Array.isArray(value['Fn::GetAtt']) && value['Fn::GetAtt'][1] === 'Arn') {
    return functionArnOf(String(value['Fn::GetAtt'][0]));
  }

  throw new TypeError(`The test resolver does not support ${JSON.stringify(value)}.`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
