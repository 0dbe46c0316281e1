import type { PolicyDocument } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthorizerResult,
  createAuthorizer,
} from '../../functions/authorizer/authorizer-handler';
import { createKeySource } from '../../functions/authorizer/key-source';
import { API_ROUTES } from '../../functions/core/api-routes';
import { evaluatePolicy } from '../../local/policy-evaluator';
import {
  captureLogs,
  createSigningKey,
  jwksConfig,
  type LogCapture,
  type SigningKey,
  STAGE_ARN,
  signToken,
  tokenEvent,
  validClaims,
} from '../authorizer/authorizer-fixtures';
import { type JwksTestServer, startJwksTestServer } from '../authorizer/jwks-test-server';
import { synthesizeTestStack } from './stack-fixture';
import { methodsOf, type TemplateMethod } from './template-queries';

const ALLOW = { Effect: 'Allow' } as const;
const ORCHESTRATION_ID = '6f1c2a7e-0d4b-4e8a-9b1f-3c5d7e9f1a2b';

/** The execute-api ARN API Gateway sends the authorizer for a request to `method path`. */
function methodArn(httpMethod: string, path: string, id = ORCHESTRATION_ID): string {
  return `${STAGE_ARN}/${httpMethod}${path.replace('{id}', id)}`;
}

/** The policy with every statement turned into an Allow: does any statement name the ARN? */
function namesExplicitly(policy: PolicyDocument, arn: string): boolean {
  const statements = policy.Statement.map((statement) => Object.assign({}, statement, ALLOW));
  return evaluatePolicy({ ...policy, Statement: statements }, arn) === 'allow';
}

describe('the authorizer policy API Gateway caches per token', () => {
  let jwks: JwksTestServer;
  let key: SigningKey;
  let capture: LogCapture;
  let templateMethods: TemplateMethod[];
  let memberPolicy: PolicyDocument;
  let adminPolicy: PolicyDocument;

  beforeAll(async () => {
    key = await createSigningKey('ES256', 'es-cache');
    jwks = await startJwksTestServer([key.publicJwk]);
    capture = captureLogs();
    const config = jwksConfig(jwks.url);
    const authorize = createAuthorizer(config, createKeySource(config), {
      logger: capture.logger,
    });
    const policyFor = async (roles: string[]): Promise<AuthorizerResult> => {
      const token = await signToken(key, validClaims({ roles }));
      // The first request of the token: a read, whose policy is then cached for every route.
      return authorize(tokenEvent(`Bearer ${token}`, methodArn('GET', '/orchestrations/{id}')));
    };

    memberPolicy = (await policyFor([])).policyDocument;
    adminPolicy = (await policyFor(['org-admin'])).policyDocument;
    templateMethods = methodsOf(synthesizeTestStack().template);
  });

  afterAll(async () => {
    capture.restore();
    await jwks.close();
  });

  it('keeps approve, reject and execute closed to a member for any orchestration id', () => {
    const decisions = ['approve', 'reject', 'execute'];

    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (id) => {
        for (const decision of decisions) {
          const arn = methodArn('POST', `/orchestrations/{id}/${decision}`, id);
          expect(evaluatePolicy(memberPolicy, arn)).toBe('deny');
        }
      }),
    );
  });

  it('lets the same cached policy open every read to the member', () => {
    const reads = API_ROUTES.filter((route) => route.method === 'GET' && route.access !== 'public');

    const decisions = reads.map((route) =>
      evaluatePolicy(memberPolicy, methodArn('GET', route.path)),
    );

    expect(reads.length).toBeGreaterThan(0);
    expect(new Set(decisions)).toEqual(new Set(['allow']));
  });

  it('opens exactly the member routes to a member and every route to an admin', () => {
    const guarded = templateMethods.filter((m) => m.properties.AuthorizationType === 'CUSTOM');
    const decide = (policy: PolicyDocument) =>
      Object.fromEntries(
        guarded.map((m) => [
          `${m.httpMethod} ${m.path}`,
          evaluatePolicy(policy, methodArn(m.httpMethod, m.path)),
        ]),
      );
    const accessOf = (m: TemplateMethod) =>
      API_ROUTES.find((route) => route.method === m.httpMethod && route.path === m.path)?.access;

    expect(decide(memberPolicy)).toEqual(
      Object.fromEntries(
        guarded.map((m) => [
          `${m.httpMethod} ${m.path}`,
          accessOf(m) === 'admin' ? 'deny' : 'allow',
        ]),
      ),
    );
    expect(new Set(Object.values(decide(adminPolicy)))).toEqual(new Set(['allow']));
  });

  it('names every guarded method of the synthesized API in an explicit statement', () => {
    const guarded = templateMethods.filter((m) => m.properties.AuthorizationType === 'CUSTOM');

    const unnamed = guarded
      .flatMap((m) => [memberPolicy, adminPolicy].map((policy) => ({ m, policy })))
      .filter(({ m, policy }) => !namesExplicitly(policy, methodArn(m.httpMethod, m.path)))
      .map(({ m }) => `${m.httpMethod} ${m.path}`);

    expect(guarded.length).toBe(API_ROUTES.length - 1);
    expect(unnamed).toEqual([]);
  });

  it('names a concrete method and path in every statement, never a blanket wildcard', () => {
    const resources = [memberPolicy, adminPolicy]
      .flatMap((policy) => policy.Statement)
      .flatMap((statement) => ('Resource' in statement ? [statement.Resource] : []))
      .flat();
    const concrete = new RegExp(`^${STAGE_ARN}/(GET|POST|PUT)/[a-z-]+(/.+)?$`);

    expect(resources.length).toBeGreaterThan(0);
    expect(resources.filter((resource) => !concrete.test(String(resource)))).toEqual([]);
  });
});
