import { CfnModel, type IModel, Model, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { z } from 'zod';
import {
  DecisionRequestSchema,
  DryRunRequestSchema,
  EmptyRequestSchema,
  OrchestrateRequestSchema,
  PutPolicyRequestSchema,
} from '../functions/api/request-schemas';
import type { ApiRoute } from '../functions/core/api-routes';

/** A request body model of the API and the handlers whose routes it validates. */
export interface RequestModelDefinition {
  /** API Gateway model name (alphanumeric). */
  readonly name: string;
  /** The zod schema the handlers parse the body with: the one source of both checks. */
  readonly schema: z.core.$ZodType;
  readonly handlers: readonly string[];
}

/** Every request body model; each POST route's handler must appear in exactly one. */
export const REQUEST_MODELS: readonly RequestModelDefinition[] = [
  { name: 'OrchestrateRequest', schema: OrchestrateRequestSchema, handlers: ['Orchestrate'] },
  { name: 'DryRunRequest', schema: DryRunRequestSchema, handlers: ['DryRun'] },
  { name: 'DecisionRequest', schema: DecisionRequestSchema, handlers: ['Approve', 'Reject'] },
  { name: 'EmptyRequest', schema: EmptyRequestSchema, handlers: ['Execute', 'Cancel'] },
  { name: 'PutPolicyRequest', schema: PutPolicyRequestSchema, handlers: ['PutPolicies'] },
];

/**
 * Routes whose body only the handler checks, and why the gateway cannot: their schema lives in
 * a module that reads its environment when loaded, so synthesis cannot import it.
 */
export const HANDLER_ONLY_BODIES: Readonly<Record<string, string>> = {};

/** Content type the models apply to; the handlers accept JSON bodies only. */
export const MODEL_CONTENT_TYPE = 'application/json';

/**
 * The JSON Schema (draft 4, the version API Gateway accepts) of a request body schema, as
 * the body arrives: before zod's transforms and defaults, hence `io: 'input'`. Checks draft 4
 * cannot say (trimmed lengths, property name lengths) are left to the handler, so the
 * gateway never refuses a body the handler would accept.
 */
export function requestModelSchema(schema: z.core.$ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'draft-4', io: 'input' }) as Record<string, unknown>;
}

/** One API Gateway model per {@link REQUEST_MODELS} entry, looked up by handler name. */
export class ApiRequestModels extends Construct {
  private readonly byHandler = new Map<string, IModel>();

  constructor(scope: Construct, id: string, restApi: RestApi) {
    super(scope, id);

    for (const definition of REQUEST_MODELS) {
      const model = this.createModel(restApi, definition);
      for (const handler of definition.handlers) {
        this.byHandler.set(handler, model);
      }
    }
  }

  /** The model of a route's body; undefined for GET; throws for a POST without one. */
  modelFor(route: ApiRoute): IModel | undefined {
    if (route.method === 'GET' || route.handler in HANDLER_ONLY_BODIES) {
      return undefined;
    }

    const model = this.byHandler.get(route.handler);
    if (model === undefined) {
      throw new Error(
        `${route.method} ${route.path} has no request model: add its handler ${route.handler} ` +
          'with the zod schema it parses to REQUEST_MODELS in infra/api-request-models.ts.',
      );
    }

    return model;
  }

  private createModel(restApi: RestApi, definition: RequestModelDefinition): IModel {
    const schema = requestModelSchema(definition.schema);
    const resource = new CfnModel(this, definition.name, {
      restApiId: restApi.restApiId,
      name: definition.name,
      contentType: MODEL_CONTENT_TYPE,
      description: `Request body of ${definition.handlers.join(' and ')}`,
      schema,
    });

    // A changed schema must reach the stage, which serves the models of its deployment.
    restApi.latestDeployment?.addToLogicalId({ model: definition.name, schema });
    restApi.latestDeployment?.node.addDependency(resource);

    return Model.fromModelName(this, `${definition.name}Ref`, resource.ref);
  }
}
