import type { Template } from 'aws-cdk-lib/assertions';

/** A CloudFormation value as the assertions library returns it. */
export type Json = Record<string, unknown>;

/** One API Gateway method of a template. */
export interface TemplateMethod {
  readonly httpMethod: string;
  /** Resource path, such as `/orchestrations/{id}/approve`. */
  readonly path: string;
  readonly properties: Json;
}

/** Every API Gateway method with its resource path, resolved through the resource tree. */
export function methodsOf(template: Template): TemplateMethod[] {
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const pathOf = (id: string): string => {
    const properties = propertiesOf(resources[id]);
    const parent = properties.ParentId as Json;
    const parentPath = typeof parent.Ref === 'string' ? pathOf(parent.Ref) : '';

    return `${parentPath}/${String(properties.PathPart)}`;
  };

  return Object.values(template.findResources('AWS::ApiGateway::Method')).map((method) => {
    const properties = propertiesOf(method);
    const resource = properties.ResourceId as Json;
    const path = typeof resource.Ref === 'string' ? pathOf(resource.Ref) : '/';
    return { httpMethod: String(properties.HttpMethod), path, properties };
  });
}

/** `"<METHOD> <path>"` → the method's `AuthorizationType`, for every API Gateway method. */
export function authorizationByRoute(template: Template): Record<string, string> {
  return Object.fromEntries(
    methodsOf(template).map((method) => [
      `${method.httpMethod} ${method.path}`,
      String(method.properties.AuthorizationType),
    ]),
  );
}

/** Every IAM statement attached to a function's role, by the function's logical id. */
export function statementsByFunction(template: Template): Record<string, Json[]> {
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));
  const functions = template.findResources('AWS::Lambda::Function');

  const statements: Record<string, Json[]> = {};
  for (const [id, fn] of Object.entries(functions)) {
    const role = JSON.stringify((propertiesOf(fn).Role as Json)['Fn::GetAtt']);
    const attached = policies.filter((policy) => {
      const roles = propertiesOf(policy).Roles as Json[];
      return roles.some((ref) => JSON.stringify([ref.Ref, 'Arn']) === role);
    });
    statements[id] = attached.flatMap((policy) => {
      const document = propertiesOf(policy).PolicyDocument as { Statement: Json[] };
      return document.Statement;
    });
  }

  return statements;
}

/** Every statement of every IAM policy in the template, roles of any kind included. */
export function allStatements(template: Template): Json[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => {
    const document = propertiesOf(policy).PolicyDocument as { Statement: Json[] };
    return document.Statement;
  });
}

/** The actions of a statement, always as an array. */
export function actionsOf(statement: Json): string[] {
  const action = statement.Action;

  return Array.isArray(action) ? action.map(String) : [String(action)];
}

/** The resources of a statement, always as an array. */
export function resourcesOf(statement: Json): unknown[] {
  const resource = statement.Resource;

  return Array.isArray(resource) ? resource : [resource];
}

/** A function's environment variables. */
export function environmentOf(template: Template, logicalId: string): Json {
  const fn = template.findResources('AWS::Lambda::Function')[logicalId];
  const environment = propertiesOf(fn).Environment as { Variables: Json };

  return environment.Variables;
}

/** The `Properties` of a resource from `findResources`. */
export function propertiesOf(resource: unknown): Json {
  const properties = (resource as { Properties?: Json } | undefined)?.Properties;
  if (properties === undefined) {
    throw new TypeError(`Resource has no Properties: ${JSON.stringify(resource)}`);
  }

  return properties;
}

/** The only resource of a type; throws when there is not exactly one. */
export function onlyResource(template: Template, type: string): Json {
  const resources = Object.values(template.findResources(type));
  if (resources.length !== 1) {
    throw new RangeError(`Expected one ${type}, found ${resources.length}.`);
  }

  return resources[0] as Json;
}
