import type { PolicyDocument, Statement } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildRoutePolicy } from '../../functions/authorizer/route-policy';
import { evaluatePolicy } from '../../local/policy-evaluator';

const STAGE = 'arn:aws:execute-api:us-east-1:123456789012:local/dev';
const INVOKE = 'execute-api:Invoke';

function policyOf(...statements: Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

describe('evaluatePolicy', () => {
  it('lets an explicit Deny win over a matching Allow', () => {
    const policy = policyOf(
      { Effect: 'Allow', Action: INVOKE, Resource: `${STAGE}/*` },
      { Effect: 'Deny', Action: INVOKE, Resource: `${STAGE}/POST/orchestrations/*/approve` },
    );

    expect(evaluatePolicy(policy, `${STAGE}/POST/orchestrations/o-1/approve`)).toBe('deny');
    expect(evaluatePolicy(policy, `${STAGE}/POST/orchestrations/o-1/cancel`)).toBe('allow');
  });

  it('denies what no statement mentions', () => {
    const policy = policyOf({ Effect: 'Allow', Action: INVOKE, Resource: `${STAGE}/GET/metrics` });

    expect(evaluatePolicy(policy, `${STAGE}/GET/orchestrations`)).toBe('deny');
    expect(evaluatePolicy(policyOf(), `${STAGE}/GET/metrics`)).toBe('deny');
  });

  it('matches * across slashes and ? as exactly one character', () => {
    const policy = policyOf({
      Effect: 'Allow',
      Action: INVOKE,
      Resource: [`${STAGE}/GET/orchestrations/*`, `${STAGE}/GET/metric?`],
    });

    expect(evaluatePolicy(policy, `${STAGE}/GET/orchestrations/o-1/audit`)).toBe('allow');
    expect(evaluatePolicy(policy, `${STAGE}/GET/metrics`)).toBe('allow');
    expect(evaluatePolicy(policy, `${STAGE}/GET/metric`)).toBe('deny');
    expect(evaluatePolicy(policy, `${STAGE}/GET/metricsx`)).toBe('deny');
  });

  it('treats every other character of a resource literally and case-sensitively', () => {
    const policy = policyOf({ Effect: 'Allow', Action: INVOKE, Resource: `${STAGE}/GET/a.b+` });

    expect(evaluatePolicy(policy, `${STAGE}/GET/a.b+`)).toBe('allow');
    expect(evaluatePolicy(policy, `${STAGE}/GET/axb+`)).toBe('deny');
    expect(evaluatePolicy(policy, `${STAGE}/GET/a.bb`)).toBe('deny');
    expect(evaluatePolicy(policy, `${STAGE}/get/a.b+`)).toBe('deny');
  });

  it('applies only statements whose action covers execute-api:Invoke', () => {
    const resource = `${STAGE}/GET/metrics`;

    expect(
      evaluatePolicy(policyOf({ Effect: 'Allow', Action: 's3:*', Resource: resource }), resource),
    ).toBe('deny');
    expect(
      evaluatePolicy(
        policyOf({ Effect: 'Allow', Action: 'execute-api:*', Resource: resource }),
        resource,
      ),
    ).toBe('allow');
    expect(
      evaluatePolicy(
        policyOf({ Effect: 'Allow', Action: 'Execute-API:invoke', Resource: resource }),
        resource,
      ),
    ).toBe('allow');
    expect(
      evaluatePolicy(
        policyOf({ Effect: 'Allow', NotAction: 's3:*', Resource: resource }),
        resource,
      ),
    ).toBe('allow');
  });

  it('denies everything outside a Deny with NotResource', () => {
    const policy = policyOf(
      { Effect: 'Allow', Action: INVOKE, Resource: '*' },
      { Effect: 'Deny', Action: INVOKE, NotResource: `${STAGE}/GET/*` },
    );

    expect(evaluatePolicy(policy, `${STAGE}/GET/metrics`)).toBe('allow');
    expect(evaluatePolicy(policy, `${STAGE}/POST/orchestrate`)).toBe('deny');
  });

  it('fails closed on conditions it cannot evaluate', () => {
    const resource = `${STAGE}/GET/metrics`;
    const condition = { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } };
    const conditionalAllow = policyOf({
      Effect: 'Allow',
      Action: INVOKE,
      Resource: resource,
      Condition: condition,
    });
    const conditionalDeny = policyOf(
      { Effect: 'Allow', Action: INVOKE, Resource: resource },
      { Effect: 'Deny', Action: INVOKE, Resource: resource, Condition: condition },
    );

    expect(evaluatePolicy(conditionalAllow, resource)).toBe('deny');
    expect(evaluatePolicy(conditionalDeny, resource)).toBe('deny');
  });

  it("denies approve on another orchestration from a member's cached policy", () => {
    const cached = buildRoutePolicy(`${STAGE}/GET/orchestrations/o-1`, ['viewer']);

    expect(evaluatePolicy(cached, `${STAGE}/POST/orchestrations/o-2/approve`)).toBe('deny');
    expect(evaluatePolicy(cached, `${STAGE}/POST/orchestrations/o-2/execute`)).toBe('deny');
    expect(evaluatePolicy(cached, `${STAGE}/POST/orchestrations/o-2/reject`)).toBe('deny');
    expect(evaluatePolicy(cached, `${STAGE}/GET/orchestrations/o-2`)).toBe('allow');
    expect(evaluatePolicy(cached, `${STAGE}/POST/orchestrations/o-2/cancel`)).toBe('allow');
  });

  it("allows every route from an admin's cached policy, and nothing on another stage", () => {
    const cached = buildRoutePolicy(`${STAGE}/GET/metrics`, ['org-admin']);

    expect(evaluatePolicy(cached, `${STAGE}/POST/orchestrations/o-2/approve`)).toBe('allow');
    expect(evaluatePolicy(cached, `${STAGE}/POST/orchestrations/o-2/execute`)).toBe('allow');
    expect(evaluatePolicy(cached, `${STAGE}/GET/orchestrations`)).toBe('allow');
    const otherStage = STAGE.replace(/\/dev$/, '/prod');
    expect(evaluatePolicy(cached, `${otherStage}/GET/orchestrations`)).toBe('deny');
  });
});
