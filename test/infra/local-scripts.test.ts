import { describe, expect, it } from 'vitest';
import { loadAuthorizerConfig } from '../../functions/authorizer/authorizer-config';
import { createAuthorizer } from '../../functions/authorizer/authorizer-handler';
import { createKeySource } from '../../functions/authorizer/key-source';
import type { LocalEndpoints } from '../../local/local-stack';
import { LOCALSTACK_ISSUER, signHs256Token } from '../../scripts/hs256-token';
import { samLocalTemplate } from '../../scripts/sam-local-template';
import { captureLogs, tokenEvent } from '../authorizer/authorizer-fixtures';

const ENDPOINTS: LocalEndpoints = {
  api: 'http://127.0.0.1:8004',
  dynamodb: 'http://127.0.0.1:8005',
  stepFunctions: 'http://127.0.0.1:8006',
  jwks: 'http://127.0.0.1:8007/.well-known/jwks.json',
  region: 'us-east-1',
  tables: { orchestrations: 'TablesOrchestrationsX', audit: 'TablesAuditY' },
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Local-orchestration',
};

describe('samLocalTemplate', () => {
  it('points every function at the offline stack and changes nothing else', () => {
    const fn = (variables: Record<string, unknown>) => ({
      Type: 'AWS::Lambda::Function',
      Properties: { Environment: { Variables: variables } },
    });
    const original = {
      Resources: {
        Authorizer: fn({ JWT_ISSUER: 'https://issuer.example.com/', JWT_JWKS_URL: 'https://x' }),
        Approve: fn({ ORCHESTRATIONS_TABLE: { Ref: 'TablesOrchestrations' } }),
        Table: { Type: 'AWS::DynamoDB::Table' },
      },
    };

    const sam = samLocalTemplate(original, ENDPOINTS);
    const variables = (id: string) => sam.Resources[id]?.Properties?.Environment?.Variables;

    expect(variables('Authorizer')).toEqual({
      JWT_ISSUER: 'urn:incident-orchestrator:local',
      JWT_AUDIENCE: 'incident-orchestrator',
      JWT_JWKS_URL: ENDPOINTS.jwks,
    });
    expect(variables('Approve')).toMatchObject({
      ORCHESTRATIONS_TABLE: 'TablesOrchestrationsX',
      STATE_MACHINE_ARN: ENDPOINTS.stateMachineArn,
      AWS_ENDPOINT_URL_DYNAMODB: ENDPOINTS.dynamodb,
      AWS_ENDPOINT_URL_SFN: ENDPOINTS.stepFunctions,
    });
    expect(sam.Resources.Table).toEqual(original.Resources.Table);
    expect(original.Resources.Approve.Properties.Environment.Variables).not.toHaveProperty(
      'AWS_ENDPOINT_URL_DYNAMODB',
    );
  });
});

describe('signHs256Token', () => {
  it('signs a token the authorizer accepts with the LocalStack settings', async () => {
    const secret = 'a-localstack-key-of-more-than-32-bytes';
    const config = loadAuthorizerConfig({
      JWT_ISSUER: LOCALSTACK_ISSUER,
      JWT_AUDIENCE: 'incident-orchestrator',
      JWT_SECRET: secret,
    });
    const capture = captureLogs();
    const authorize = createAuthorizer(config, createKeySource(config), { logger: capture.logger });

    try {
      const token = await signHs256Token(
        { sub: 'admin-1', org: 'org-a', roles: ['org-admin'] },
        secret,
      );
      const result = await authorize(tokenEvent(`Bearer ${token}`));

      expect(result.context).toEqual({
        sub: 'admin-1',
        org: 'org-a',
        roles: 'org-admin',
        isAdmin: 'true',
      });
    } finally {
      capture.restore();
    }
  });
});
