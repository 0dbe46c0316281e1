import { Duration } from 'aws-cdk-lib';
import {
  AuthorizationType,
  EndpointType,
  IdentitySource,
  LambdaIntegration,
  type MethodOptions,
  RestApi,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { API_ROUTES, type ApiRoute } from '../functions/core/api-routes';
import { AUTHORIZER_HANDLER } from './handler-access';
import type { OrchestratorFunctions } from './orchestrator-functions';

/** Stage every deployment of the API is served under. */
export const API_STAGE = 'v1';

/** Props of {@link OrchestratorApi}. */
export interface OrchestratorApiProps {
  readonly functions: OrchestratorFunctions;
  /** Seconds API Gateway caches the authorizer's policy per token; 0 disables the cache. */
  readonly authorizerCacheTtlSeconds: number;
}

/**
 * The REST API: one Lambda proxy integration per `API_ROUTES` entry, guarded by the JWT
 * token authorizer unless the route is public.
 */
export class OrchestratorApi extends Construct {
  /** The REST API, deployed to stage `v1`. */
  readonly restApi: RestApi;

  constructor(scope: Construct, id: string, props: OrchestratorApiProps) {
    super(scope, id);

    this.restApi = new RestApi(this, 'RestApi', {
      description: 'Incident Orchestrator: suggest, dry-run, approve and execute playbooks',
      endpointTypes: [EndpointType.REGIONAL],
      deployOptions: { stageName: API_STAGE },
      // An account-wide logging role does not belong to a service stack.
      cloudWatchRole: false,
    });
    // The stack's ApiUrl output replaces the generated, hash-named Endpoint output.
    this.restApi.node.tryRemoveChild('Endpoint');

    const authorizer = new TokenAuthorizer(this, 'JwtAuthorizer', {
      handler: props.functions.get(AUTHORIZER_HANDLER),
      identitySource: IdentitySource.header('Authorization'),
      resultsCacheTtl: Duration.seconds(props.authorizerCacheTtlSeconds),
    });

    for (const route of API_ROUTES) {
      this.addRoute(route, props.functions, {
        authorizer,
        authorizationType: AuthorizationType.CUSTOM,
      });
    }
  }

  private addRoute(
    route: ApiRoute,
    functions: OrchestratorFunctions,
    guarded: MethodOptions,
  ): void {
    const integration = new LambdaIntegration(functions.get(route.handler), { proxy: true });
    const options =
      route.access === 'public' ? { authorizationType: AuthorizationType.NONE } : guarded;

    this.restApi.root.resourceForPath(route.path).addMethod(route.method, integration, options);
  }
}
