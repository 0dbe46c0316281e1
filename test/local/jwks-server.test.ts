import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAuthorizerConfig } from '../../functions/authorizer/authorizer-config';
import { createAuthorizer } from '../../functions/authorizer/authorizer-handler';
import { createKeySource } from '../../functions/authorizer/key-source';
import {
  type DevKeys,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateDevKeys,
} from '../../local/dev-keys';
import { type JwksServer, startJwksServer } from '../../local/jwks-server';
import { evaluatePolicy } from '../../local/policy-evaluator';

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:local/dev/GET/orchestrations';

describe('startJwksServer', () => {
  let dataDir: string;
  let keys: DevKeys;
  let server: JwksServer;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jwks-server-'));
    keys = await loadOrCreateDevKeys(dataDir);
    server = await startJwksServer({ jwks: keys.jwks });
  });
  afterEach(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the public key set at the well-known path on the loopback interface', async () => {
    const response = await fetch(server.url);

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json$/);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(keys.jwks);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const other = await fetch(new URL('/keys', server.url));
    const post = await fetch(server.url, { method: 'POST', body: '{}' });

    expect(other.status).toBe(404);
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('closes even while a client holds a keep-alive connection', async () => {
    await (await fetch(server.url)).text();

    await server.close();

    await expect(fetch(server.url)).rejects.toThrow();
    server = await startJwksServer({ jwks: keys.jwks });
  });

  it('lets the authorizer verify local tokens through the served key set', async () => {
    const config = loadAuthorizerConfig({
      JWT_ISSUER: LOCAL_ISSUER,
      JWT_AUDIENCE: LOCAL_AUDIENCE,
      JWT_JWKS_URL: server.url,
    });
    const authorizer = createAuthorizer(config, createKeySource(config), {
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    const token = await keys.signToken({ sub: 'user-1', org: 'org-a', roles: [] });

    const result = await authorizer({
      type: 'TOKEN',
      authorizationToken: `Bearer ${token}`,
      methodArn: METHOD_ARN,
    });

    expect(result.context).toEqual({ sub: 'user-1', org: 'org-a', roles: '', isAdmin: 'false' });
    expect(evaluatePolicy(result.policyDocument, METHOD_ARN)).toBe('allow');
  });
});
