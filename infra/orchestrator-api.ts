import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  EndpointType,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  type RequestValidator,
  RestApi,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { API_ROUTES, type ApiRoute } from '../functions/core/api-routes';
import { addProblemResponses } from './api-gateway-responses';
import { ApiRequestModels, MODEL_CONTENT_TYPE } from './api-request-models';
import { AUTHORIZER_HANDLER } from './handler-access';
import { acknowledge } from './nag-acknowledgements';
import type { OrchestratorConfig } from './orchestrator-config';
import type { OrchestratorFunctions } from './orchestrator-functions';

/** Stage every deployment of the API is served under. */
export const API_STAGE = 'v1';

/**
 * What API Gateway lets through to the authorizer: `Bearer` and a three-part compact JWS.
 * Anything else is answered 401 without invoking a function.
 */
export const BEARER_TOKEN_PATTERN =
  '^[Bb][Ee][Aa][Rr][Ee][Rr] [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$';

/** Props of {@link OrchestratorApi}. */
export interface OrchestratorApiProps {
  readonly functions: OrchestratorFunctions;
  readonly config: OrchestratorConfig;
}

/**
 * The REST API: one Lambda proxy integration per `API_ROUTES` entry, guarded by the JWT token
 * authorizer unless the route is public; POST bodies checked against models generated from
 * the handlers' zod schemas; every gateway refusal answered in problem+json; a throttled,
 * traced stage with JSON access logs and execution logs without request data.
 */
export class OrchestratorApi extends Construct {
  /** The REST API, deployed to stage `v1`. */
  readonly restApi: RestApi;
  /** JSON access log of the stage. */
  readonly accessLogGroup: LogGroup;
  /** Every method, by `"<METHOD> <path>"`. */
  readonly methods: ReadonlyMap<string, Method>;

  constructor(scope: Construct, id: string, props: OrchestratorApiProps) {
    super(scope, id);

    const { config } = props;
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', { retention: config.logRetentionDays });
    this.restApi = this.createRestApi(config);
    // The stack's ApiUrl output replaces the generated, hash-named Endpoint output.
    this.restApi.node.tryRemoveChild('Endpoint');
    addProblemResponses(this.restApi);

    this.methods = this.addRoutes(props);
    this.protectStage(config);
  }

  private createRestApi(config: OrchestratorConfig): RestApi {
    return new RestApi(this, 'RestApi', {
      description: 'Incident Orchestrator: suggest, dry-run, approve and execute playbooks',
      endpointTypes: [EndpointType.REGIONAL],
      // The role is account-wide (one per region), so creating it here is opt-in.
      cloudWatchRole: config.apiGatewayCloudWatchRole,
      ...(config.apiGatewayCloudWatchRole && { cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN }),
      deployOptions: {
        stageName: API_STAGE,
        tracingEnabled: true,
        throttlingRateLimit: config.throttlingRateLimit,
        throttlingBurstLimit: config.throttlingBurstLimit,
        loggingLevel: MethodLoggingLevel[config.apiLoggingLevel],
        // Request and response bodies would put justifications and incidents in the logs.
        dataTraceEnabled: false,
        metricsEnabled: false,
        accessLogDestination: new LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: accessLogFormat(),
      },
    });
  }

  private addRoutes(props: OrchestratorApiProps): Map<string, Method> {
    const authorizer = new TokenAuthorizer(this, 'JwtAuthorizer', {
      handler: props.functions.get(AUTHORIZER_HANDLER),
      identitySource: IdentitySource.header('Authorization'),
      validationRegex: BEARER_TOKEN_PATTERN,
      // Safe to cache: the policy names every route, with an explicit Deny where needed.
      resultsCacheTtl: Duration.seconds(props.config.authorizerCacheTtlSeconds),
    });
    const models = new ApiRequestModels(this, 'RequestModels', this.restApi);
    const validator = this.restApi.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const methods = new Map<string, Method>();
    for (const route of API_ROUTES) {
      const method = this.addRoute(route, props.functions, { authorizer, models, validator });
      methods.set(`${route.method} ${route.path}`, method);
    }

    return methods;
  }

  private addRoute(
    route: ApiRoute,
    functions: OrchestratorFunctions,
    guards: { authorizer: TokenAuthorizer; models: ApiRequestModels; validator: RequestValidator },
  ): Method {
    const integration = new LambdaIntegration(functions.get(route.handler), { proxy: true });
    const model = guards.models.modelFor(route);
    const access =
      route.access === 'public'
        ? { authorizationType: AuthorizationType.NONE }
        : { authorizationType: AuthorizationType.CUSTOM, authorizer: guards.authorizer };
    const validation =
      model === undefined
        ? {}
        : { requestValidator: guards.validator, requestModels: { [MODEL_CONTENT_TYPE]: model } };

    const resource = this.restApi.root.resourceForPath(route.path);
    const method = resource.addMethod(route.method, integration, { ...access, ...validation });
    acknowledgeAuthorization(method, route);

    return method;
  }

  private protectStage(config: OrchestratorConfig): void {
    const stage = this.restApi.deploymentStage;
    if (config.webAclArn !== undefined) {
      new CfnWebACLAssociation(this, 'WebAcl', {
        resourceArn: stage.stageArn,
        webAclArn: config.webAclArn,
      });
    } else {
      acknowledge(stage, 'noWebAcl');
    }

    const cloudWatchRole = this.restApi.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole !== undefined) {
      acknowledge(cloudWatchRole, 'apiGatewayCloudWatchRole');
    }
  }
}

/**
 * Only GET /health is public on purpose; any other public route is left for cdk-nag to
 * refuse until someone writes down why it may be.
 */
function acknowledgeAuthorization(method: Method, route: ApiRoute): void {
  if (route.access !== 'public') {
    acknowledge(method, 'lambdaAuthorizerNotCognito');
  } else if (route.method === 'GET' && route.path === '/health') {
    acknowledge(method, 'publicHealthRoute');
    acknowledge(method, 'publicHealthRouteCognito');
  }
}

/**
 * One JSON object per request: who, what, how it ended, and why it was refused. API Gateway
 * does not escape the values it substitutes, so client-chosen text (user agent, paths, error
 * messages) stays out and every line remains valid JSON.
 */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: AccessLogField.contextRequestId(),
      requestTime: AccessLogField.contextRequestTimeEpoch(),
      ip: AccessLogField.contextIdentitySourceIp(),
      httpMethod: AccessLogField.contextHttpMethod(),
      resourcePath: AccessLogField.contextResourcePath(),
      protocol: AccessLogField.contextProtocol(),
      status: AccessLogField.contextStatus(),
      responseLength: AccessLogField.contextResponseLength(),
      responseLatency: AccessLogField.contextResponseLatency(),
      integrationLatency: AccessLogField.contextIntegrationLatency(),
      integrationStatus: AccessLogField.contextIntegrationStatus(),
      principalId: AccessLogField.contextAuthorizerPrincipalId(),
      org: AccessLogField.contextAuthorizer('org'),
      authorizerStatus: AccessLogField.contextAuthorizerStatus(),
      authorizerLatency: AccessLogField.contextAuthorizerLatency(),
      errorType: AccessLogField.contextErrorResponseType(),
      xrayTraceId: AccessLogField.contextXrayTraceId(),
    }),
  );
}
