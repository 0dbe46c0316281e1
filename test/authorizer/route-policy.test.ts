import type { Statement } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MethodArnError } from '../../functions/authorizer/authorizer-errors';
import {
  buildRoutePolicy,
  parseMethodArn,
  routeResource,
} from '../../functions/authorizer/route-policy';
import { API_ROUTES } from '../../functions/core/api-routes';
import { evaluatePolicy } from '../../local/policy-evaluator';

const STAGE = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod';
const METHOD_ARN = `${STAGE}/GET/orchestrations/orch-1`;
const INVOKE = 'execute-api:Invoke';

const MEMBER_RESOURCES = [
  `${STAGE}/GET/metrics`,
  `${STAGE}/POST/orchestrate`,
  `${STAGE}/GET/orchestrations`,
  `${STAGE}/GET/orchestrations/*`,
  `${STAGE}/GET/orchestrations/*/audit`,
  `${STAGE}/POST/orchestrations/*/dry-run`,
  `${STAGE}/POST/orchestrations/*/cancel`,
  `${STAGE}/GET/policies`,
];
const ADMIN_RESOURCES = [
  `${STAGE}/POST/orchestrations/*/approve`,
  `${STAGE}/POST/orchestrations/*/reject`,
  `${STAGE}/POST/orchestrations/*/execute`,
  `${STAGE}/PUT/policies`,
];

function resourcesOf(statement: Statement): string[] {
  const resource = 'Resource' in statement ? statement.Resource : undefined;
  return resource === undefined ? [] : [resource].flat();
}

describe('buildRoutePolicy', () => {
  it('allows member routes and explicitly denies admin routes to a member', () => {
    const policy = buildRoutePolicy(METHOD_ARN, ['viewer']);

    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: INVOKE, Resource: MEMBER_RESOURCES },
        { Effect: 'Deny', Action: INVOKE, Resource: ADMIN_RESOURCES },
      ],
    });
  });

  it('allows every protected route to an org-admin and denies nothing', () => {
    const policy = buildRoutePolicy(METHOD_ARN, ['org-admin']);

    expect(policy.Statement).toEqual([
      { Effect: 'Allow', Action: INVOKE, Resource: expect.arrayContaining(ADMIN_RESOURCES) },
    ]);
    expect(policy.Statement.flatMap(resourcesOf).sort()).toEqual(
      [...MEMBER_RESOURCES, ...ADMIN_RESOURCES].sort(),
    );
  });

  it('names each route exactly and never a blanket method or path wildcard', () => {
    const resources = buildRoutePolicy(METHOD_ARN, ['org-admin']).Statement.flatMap(resourcesOf);

    expect(resources).toHaveLength(API_ROUTES.filter((route) => route.access !== 'public').length);
    for (const resource of resources) {
      expect(resource.startsWith(`${STAGE}/`)).toBe(true);
      expect(resource.slice(STAGE.length)).toMatch(/^\/(GET|POST|PUT)\/[a-z]/);
      expect(resource).not.toContain('*/*');
    }
  });

  it('leaves public routes out of the policy', () => {
    const policy = JSON.stringify(buildRoutePolicy(METHOD_ARN, ['org-admin']));

    expect(policy).not.toContain('/health');
  });

  it('reuses one frozen policy per stage and admin flag', () => {
    const member = buildRoutePolicy(METHOD_ARN, ['viewer']);

    expect(buildRoutePolicy(`${STAGE}/GET/metrics`, ['reader'])).toBe(member);
    expect(buildRoutePolicy(METHOD_ARN, ['org-admin'])).not.toBe(member);
    expect(Object.isFrozen(member)).toBe(true);
  });

  it('builds the same policy whichever route API Gateway asked about', () => {
    const fromApprove = buildRoutePolicy(`${STAGE}/POST/orchestrations/x/approve`, ['viewer']);

    expect(fromApprove).toEqual(buildRoutePolicy(`${STAGE}/GET/metrics`, ['viewer']));
  });

  it('denies a member approve, reject and execute on any orchestration, allows reads', () => {
    const policy = buildRoutePolicy(METHOD_ARN, []);

    for (const action of ['approve', 'reject', 'execute']) {
      expect(evaluatePolicy(policy, `${STAGE}/POST/orchestrations/orch-9/${action}`)).toBe('deny');
    }
    expect(evaluatePolicy(policy, `${STAGE}/GET/orchestrations/orch-9/audit`)).toBe('allow');
    expect(evaluatePolicy(policy, `${STAGE}/GET/orchestrations`)).toBe('allow');
  });
});

describe('routeResource', () => {
  it('replaces each path parameter with a wildcard', () => {
    const route = API_ROUTES.find((candidate) => candidate.handler === 'Approve');

    expect(route && routeResource(STAGE, route)).toBe(`${STAGE}/POST/orchestrations/*/approve`);
  });
});

describe('parseMethodArn', () => {
  it('splits a method ARN of another partition with a nested path', () => {
    const arn = 'arn:aws-cn:execute-api:cn-north-1:123456789012:api9/v1/POST/a/b/c';

    expect(parseMethodArn(arn)).toEqual({
      partition: 'aws-cn',
      region: 'cn-north-1',
      account: '123456789012',
      apiId: 'api9',
      stage: 'v1',
      method: 'POST',
      path: 'a/b/c',
    });
  });

  it.each([
    ['an empty string', ''],
    ['a Lambda ARN', 'arn:aws:lambda:eu-west-1:123456789012:function:x'],
    ['a missing stage', 'arn:aws:execute-api:eu-west-1:123456789012:api9'],
    ['a lowercase method', `${STAGE}/get/orchestrations`],
  ])('throws MethodArnError for %s', (_, arn) => {
    expect(() => parseMethodArn(arn)).toThrow(MethodArnError);
  });
});
