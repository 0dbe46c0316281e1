import type { AslDefinition } from './asl-schema';
import { validateDefinition } from './definition-validator';
import { isJsonObject } from './json-path';
import { DefinitionError } from './sfn-errors';

/** The part of a synthesized CloudFormation template the loader reads. */
export interface CloudFormationTemplate {
  Resources?: Record<string, CloudFormationResource>;
}

/** One resource of a CloudFormation template. */
export interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

/** A state machine of the template with its definition resolved, parsed and validated. */
export interface ResolvedStateMachine {
  logicalId: string;
  definition: AslDefinition;
}

/** Maps the logical id of a Lambda function in the template to the ARN the emulator calls. */
export type FunctionArnResolver = (logicalId: string) => string;

const STATE_MACHINE_TYPE = 'AWS::StepFunctions::StateMachine';
const LAMBDA_FUNCTION_TYPE = 'AWS::Lambda::Function';
const LOCAL_FUNCTION_ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '000000000000',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** The local ARN of the Lambda function with this logical id. */
export function localFunctionArn(logicalId: string): string {
  return `${LOCAL_FUNCTION_ARN_PREFIX}${logicalId}`;
}

/** The logical id inside a local function ARN, or undefined for any other ARN. */
export function logicalIdOfLocalFunctionArn(functionArn: string): string | undefined {
  if (!functionArn.startsWith(LOCAL_FUNCTION_ARN_PREFIX)) {
    return undefined;
  }

  const logicalId = functionArn.slice(LOCAL_FUNCTION_ARN_PREFIX.length);
  return /^[A-Za-z0-9]+$/.test(logicalId) ? logicalId : undefined;
}

/**
 * Finds every `AWS::StepFunctions::StateMachine` of a template and resolves its
 * `DefinitionString` (a string or an `Fn::Join` of strings, pseudo parameters and Lambda ARNs).
 */
export function resolveStateMachines(
  template: CloudFormationTemplate,
  resolveFunctionArn: FunctionArnResolver,
): ResolvedStateMachine[] {
  const resources = template.Resources ?? {};
  const resolver = new IntrinsicResolver(resources, resolveFunctionArn);

  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === STATE_MACHINE_TYPE)
    .map(([logicalId, resource]) => ({
      logicalId,
      definition: validateDefinition(resolver.definitionOf(logicalId, resource), logicalId),
    }));
}

class IntrinsicResolver {
  constructor(
    private readonly resources: Record<string, CloudFormationResource>,
    private readonly resolveFunctionArn: FunctionArnResolver,
  ) {}

  definitionOf(logicalId: string, resource: CloudFormationResource): unknown {
    const properties = resource.Properties ?? {};
    if (properties.DefinitionString === undefined) {
      throw new DefinitionError(
        `State machine '${logicalId}' has no DefinitionString (Definition and ` +
          'DefinitionS3Location are not supported by the emulator)',
      );
    }

    const text = this.substitute(this.resolve(properties.DefinitionString, logicalId), properties);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new DefinitionError(`State machine '${logicalId}' has a definition that is not JSON`, {
        cause: error,
      });
    }
  }

  private substitute(text: string, properties: Record<string, unknown>): string {
    const substitutions = properties.DefinitionSubstitutions ?? {};
    if (!isJsonObject(substitutions)) {
      throw new DefinitionError('DefinitionSubstitutions must be an object');
    }

    return Object.entries(substitutions).reduce(
      (result, [name, value]) => result.replaceAll(`\${${name}}`, this.resolve(value, name)),
      text,
    );
  }

  resolve(value: unknown, where: string): string {
    if (typeof value === 'string') {
      return value;
    }
    const [intrinsic, argument] = isJsonObject(value) ? (Object.entries(value)[0] ?? []) : [];

    switch (intrinsic) {
      case 'Fn::Join':
        return this.join(argument, where);
      case 'Ref':
        return this.ref(argument, where);
      case 'Fn::GetAtt':
        return this.getAtt(argument, where);
      default: {
        const what = intrinsic === undefined ? 'a value' : `the intrinsic '${intrinsic}'`;
        throw new DefinitionError(
          `'${where}' uses ${what} that the emulator cannot resolve (supported: plain strings, ` +
            `Fn::Join, Ref of ${Object.keys(PSEUDO_PARAMETERS).join(', ')}, ` +
            'Fn::GetAtt <Lambda function>.Arn)',
        );
      }
    }
  }

  private join(argument: unknown, where: string): string {
    const [delimiter, pieces] = Array.isArray(argument) ? argument : [];
    if (typeof delimiter !== 'string' || !Array.isArray(pieces)) {
      throw new DefinitionError(`'${where}' has an Fn::Join that is not [delimiter, [pieces]]`);
    }

    return pieces.map((piece) => this.resolve(piece, where)).join(delimiter);
  }

  private ref(argument: unknown, where: string): string {
    const value = typeof argument === 'string' ? PSEUDO_PARAMETERS[argument] : undefined;
    if (value === undefined) {
      throw new DefinitionError(
        `'${where}' uses Ref '${String(argument)}', which the emulator cannot resolve ` +
          `(supported: ${Object.keys(PSEUDO_PARAMETERS).join(', ')})`,
      );
    }

    return value;
  }

  private getAtt(argument: unknown, where: string): string {
    const [logicalId, attribute] =
      typeof argument === 'string' ? argument.split('.') : Array.isArray(argument) ? argument : [];
    const resource = typeof logicalId === 'string' ? this.resources[logicalId] : undefined;
    if (resource?.Type !== LAMBDA_FUNCTION_TYPE || attribute !== 'Arn') {
      throw new DefinitionError(
        `'${where}' uses Fn::GetAtt ${JSON.stringify(argument)}, which the emulator cannot ` +
          'resolve (supported: the Arn of an AWS::Lambda::Function in the same template)',
      );
    }

    return this.resolveFunctionArn(String(logicalId));
  }
}
