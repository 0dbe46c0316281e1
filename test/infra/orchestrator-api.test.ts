import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ZodMiniType } from 'zod/mini';
import {
  DecisionRequestSchema,
  DryRunRequestSchema,
  EmptyRequestSchema,
  OrchestrateRequestSchema,
} from '../../functions/api/request-schemas';
import { API_ROUTES } from '../../functions/core/api-routes';
import { BEARER_TOKEN_PATTERN } from '../../infra/orchestrator-api';
import { ALL_FEATURES, type SynthesizedStack, synthesizeTestStack } from './stack-fixture';
import {
  authorizationByRoute,
  type Json,
  methodsOf,
  onlyResource,
  propertiesOf,
} from './template-queries';

const EVERY_GATEWAY_RESPONSE = [
  'UNAUTHORIZED',
  'ACCESS_DENIED',
  'EXPIRED_TOKEN',
  'INVALID_SIGNATURE',
  'INVALID_API_KEY',
  'WAF_FILTERED',
  'MISSING_AUTHENTICATION_TOKEN',
  'RESOURCE_NOT_FOUND',
  'BAD_REQUEST_BODY',
  'BAD_REQUEST_PARAMETERS',
  'REQUEST_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'THROTTLED',
  'QUOTA_EXCEEDED',
  'AUTHORIZER_FAILURE',
  'AUTHORIZER_CONFIGURATION_ERROR',
  'API_CONFIGURATION_ERROR',
  'INTEGRATION_FAILURE',
  'INTEGRATION_TIMEOUT',
  'DEFAULT_4XX',
  'DEFAULT_5XX',
];

/** The body schema each POST route's handler parses, imported from the handlers' module. */
const HANDLER_SCHEMAS: Record<string, ZodMiniType> = {
  'POST /orchestrate': OrchestrateRequestSchema,
  'POST /orchestrations/{id}/dry-run': DryRunRequestSchema,
  'POST /orchestrations/{id}/approve': DecisionRequestSchema,
  'POST /orchestrations/{id}/reject': DecisionRequestSchema,
  'POST /orchestrations/{id}/execute': EmptyRequestSchema,
  'POST /orchestrations/{id}/cancel': EmptyRequestSchema,
};

describe('OrchestratorApi', () => {
  let synthesized: SynthesizedStack;
  /** With a web ACL, no authorizer cache and INFO execution logs. */
  let variant: SynthesizedStack;

  beforeAll(() => {
    synthesized = synthesizeTestStack({ throttlingRateLimit: 20, throttlingBurstLimit: 40 });
    variant = synthesizeTestStack({
      webAclArn: ALL_FEATURES.webAclArn,
      authorizerCacheTtlSeconds: 0,
      apiLoggingLevel: 'INFO',
    });
  });

  it('guards every method but GET /health with the token authorizer', () => {
    const expected = Object.fromEntries(
      API_ROUTES.map((route) => [
        `${route.method} ${route.path}`,
        route.path === '/health' ? 'NONE' : 'CUSTOM',
      ]),
    );

    expect(authorizationByRoute(synthesized.template)).toEqual(expected);
    synthesized.template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      IdentityValidationExpression: BEARER_TOKEN_PATTERN,
      AuthorizerResultTtlInSeconds: 300,
    });
  });

  it('lets only a bearer compact JWS reach the authorizer', () => {
    const pattern = new RegExp(BEARER_TOKEN_PATTERN);
    const jws = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';

    expect([`Bearer ${jws}`, `bearer ${jws}`].map((value) => pattern.test(value))).toEqual([
      true,
      true,
    ]);
    const refused = [jws, `Basic ${jws}`, `Bearer ${jws}.extra`, `Bearer a.b`, `Bearer ${jws} x`];
    expect(refused.filter((value) => pattern.test(value))).toEqual([]);
  });

  it('throttles, traces and logs the stage without request or response data', () => {
    const stage = propertiesOf(onlyResource(synthesized.template, 'AWS::ApiGateway::Stage'));

    expect(stage).toMatchObject({
      StageName: 'v1',
      TracingEnabled: true,
      MethodSettings: [
        {
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 20,
          ThrottlingBurstLimit: 40,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        },
      ],
    });
  });

  it('writes one JSON access log line per request to a log group with retention', () => {
    const stage = propertiesOf(onlyResource(synthesized.template, 'AWS::ApiGateway::Stage'));
    const setting = stage.AccessLogSetting as { DestinationArn: Json; Format: string };
    const logGroupId = (setting.DestinationArn['Fn::GetAtt'] as string[])[0] ?? '';

    expect(JSON.parse(setting.Format)).toMatchObject({
      requestId: '$context.requestId',
      httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath',
      status: '$context.status',
      principalId: '$context.authorizer.principalId',
      errorType: '$context.error.responseType',
    });
    expect(setting.Format).not.toMatch(/userAgent|validationErrorString|error\.message/);
    expect(synthesized.template.findResources('AWS::Logs::LogGroup')[logGroupId]).toMatchObject({
      Properties: { RetentionInDays: 30 },
    });
  });

  it('answers every gateway refusal in problem+json with the status it is sent with', () => {
    const responses = Object.values(
      synthesized.template.findResources('AWS::ApiGateway::GatewayResponse'),
    ).map(propertiesOf);

    expect(responses.map((response) => response.ResponseType).sort()).toEqual(
      [...EVERY_GATEWAY_RESPONSE].sort(),
    );
    for (const response of responses) {
      const templates = response.ResponseTemplates as Record<string, string>;
      const body = JSON.parse(templates['application/json'] ?? '{}');

      expect(response.ResponseParameters).toEqual({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
        'gatewayresponse.header.Cache-Control': "'no-store'",
      });
      expect(Object.keys(body)).toEqual(['type', 'title', 'status', 'detail', 'requestId']);
      expect(String(body.status)).toBe(response.StatusCode);
      expect(body.type).toMatch(/^urn:incident-orchestrator:problem:[a-z-]+$/);
    }
  });

  it('refuses an unauthorized caller with 401 and a denied route with 403', () => {
    const byType = (type: string) =>
      Object.values(synthesized.template.findResources('AWS::ApiGateway::GatewayResponse'))
        .map(propertiesOf)
        .find((response) => response.ResponseType === type);

    expect(byType('UNAUTHORIZED')?.StatusCode).toBe('401');
    expect(byType('ACCESS_DENIED')?.StatusCode).toBe('403');
    expect(byType('THROTTLED')?.StatusCode).toBe('429');
    expect(byType('REQUEST_TOO_LARGE')?.StatusCode).toBe('413');
  });

  it('validates every POST body with a model generated from the handler’s zod schema', () => {
    const { template } = synthesized;
    const models = Object.values(template.findResources('AWS::ApiGateway::Model')).map(
      propertiesOf,
    );
    const modelIds = Object.fromEntries(
      Object.entries(template.findResources('AWS::ApiGateway::Model')).map(([id, model]) => [
        id,
        propertiesOf(model).Name,
      ]),
    );

    for (const method of methodsOf(template).filter((m) => m.httpMethod === 'POST')) {
      const route = `${method.httpMethod} ${method.path}`;
      const schema = HANDLER_SCHEMAS[route];
      const reference = (method.properties.RequestModels as Record<string, Json>)[
        'application/json'
      ];
      const model = models.find((m) => m.Name === modelIds[String(reference?.Ref)]);

      expect(schema, route).toBeDefined();
      expect(method.properties.RequestValidatorId, route).toBeDefined();
      expect(model?.Schema, route).toEqual(
        z.toJSONSchema(schema ?? z.never(), { target: 'draft-4', io: 'input' }),
      );
      expect(model?.ContentType).toBe('application/json');
    }
  });

  it('checks body and parameters with one validator and leaves reads unvalidated', () => {
    const { template } = synthesized;

    template.resourceCountIs('AWS::ApiGateway::RequestValidator', 1);
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    const reads = methodsOf(template).filter((m) => m.httpMethod === 'GET');
    expect(reads.map((m) => m.properties.RequestModels)).toEqual(reads.map(() => undefined));
  });

  it('associates a web ACL with the stage when, and only when, one is configured', () => {
    synthesized.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);

    variant.template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: ALL_FEATURES.webAclArn,
      ResourceArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
  });

  it('caches the authorizer result for the configured TTL, or not at all', () => {
    variant.template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      AuthorizerResultTtlInSeconds: 0,
    });
    variant.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ LoggingLevel: 'INFO', DataTraceEnabled: false })],
    });
  });
});
