import { Logger } from '@aws-lambda-powertools/logger';
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTVerifyOptions,
  jwtVerify,
  SignJWT,
} from 'jose';
import { loadAuthorizerConfig } from '../functions/authorizer/authorizer-config';
import { createAuthorizer } from '../functions/authorizer/authorizer-handler';
import { createKeySource } from '../functions/authorizer/key-source';
import { type CountingJwksServer, startCountingJwksServer } from './jwks-counting-server';
import { median, round } from './statistics';

/** Verifications per second of one algorithm through the authorizer and through bare jose. */
export interface AlgorithmResult {
  algorithm: string;
  authorizerPerSecond: number;
  floorPerSecond: number;
  /** Authorizer over floor; the budget wants at least 0.8. */
  ratio: number;
  /** Mean milliseconds per authorizer invocation, which prices its Lambda time. */
  authorizerMs: number;
  authorizerSamples: number[];
  floorSamples: number[];
}

/** The authorizer measured against jose, and how often it fetched the key set. */
export interface AuthorizerResult {
  algorithms: AlgorithmResult[];
  /** Fetches by the authorizer over its whole life, the first (cold start) included. */
  authorizerJwksFetches: number;
  floorJwksFetches: number;
  verificationsByAuthorizer: number;
}

/** Rounds per algorithm and how long each batch runs; bounded by time overall. */
export interface AuthorizerPlan {
  rounds: number;
  batchMs: number;
  deadlineMs: number;
}

const ISSUER = 'urn:incident-orchestrator:bench';
const AUDIENCE = 'incident-orchestrator';
const ALGORITHMS = ['ES256', 'RS256'] as const;
const TOKENS_PER_ALGORITHM = 64;
const METHOD_ARN = 'arn:aws:execute-api:us-east-1:000000000000:bench/v1/GET/orchestrations/abc';
// token-verifier.ts requires the same registered claims.
const REQUIRED_CLAIMS = ['exp', 'iat', 'iss', 'aud', 'sub'];

/**
 * Verifies pools of ES256 and RS256 tokens through `createAuthorizer` (JWKS key source on a
 * loopback server) and through bare `jwtVerify` with the same options and a remote key set,
 * alternating batches so drift hits both alike.
 */
export async function runAuthorizerBenchmark(plan: AuthorizerPlan): Promise<AuthorizerResult> {
  const keys = await signingKeys();
  const server = await startCountingJwksServer({ keys: keys.map((key) => key.publicJwk) });
  try {
    const verifiers = buildVerifiers(server);
    const deadline = Date.now() + plan.deadlineMs;
    const results: AlgorithmResult[] = [];
    for (const key of keys) {
      const tokens = await tokenPool(key);
      const { authorize, floor } = verifiers;
      results.push(await compare(key.algorithm, tokens, authorize, floor, plan, deadline));
    }

    return {
      algorithms: results,
      authorizerJwksFetches: server.fetches('authorizer'),
      floorJwksFetches: server.fetches('floor'),
      verificationsByAuthorizer: verifiers.authorizations(),
    };
  } finally {
    await server.close();
  }
}

type Verify = (token: string) => Promise<void>;

/** The authorizer as the Lambda builds it at cold start, and bare jose with its options. */
function buildVerifiers(server: CountingJwksServer) {
  const env = {
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_JWKS_URL: server.urlFor('authorizer'),
  };
  const config = loadAuthorizerConfig(env);
  const logger = new Logger({ serviceName: 'incident-orchestrator', logLevel: 'INFO' });
  const authorizer = createAuthorizer(config, createKeySource(config), { logger });
  const floorKeys = createRemoteJWKSet(new URL(server.urlFor('floor')));
  const options: JWTVerifyOptions = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: config.algorithms,
    requiredClaims: REQUIRED_CLAIMS,
    maxTokenAge: config.maxTokenAge,
    clockTolerance: config.clockToleranceSeconds,
  };

  let authorizations = 0;
  const authorize: Verify = async (token) => {
    authorizations += 1;
    const authorizationToken = `Bearer ${token}`;
    await authorizer({ type: 'TOKEN', authorizationToken, methodArn: METHOD_ARN });
  };
  const floor: Verify = async (token) => {
    await jwtVerify(token, floorKeys, options);
  };
  return { authorize, floor, authorizations: () => authorizations };
}

interface SigningKey {
  algorithm: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
}

async function signingKeys(): Promise<SigningKey[]> {
  return Promise.all(
    ALGORITHMS.map(async (algorithm) => {
      const { privateKey, publicKey } = await generateKeyPair(algorithm);
      const publicJwk = {
        ...(await exportJWK(publicKey)),
        kid: `bench-${algorithm}`,
        alg: algorithm,
        use: 'sig',
      };
      return { algorithm, privateKey, publicJwk };
    }),
  );
}

async function tokenPool(key: SigningKey): Promise<string[]> {
  return Promise.all(
    Array.from({ length: TOKENS_PER_ALGORITHM }, (_, index) =>
      new SignJWT({ org: 'org-bench', roles: index % 2 === 0 ? ['org-admin'] : [] })
        .setProtectedHeader({ alg: key.algorithm, kid: key.publicJwk.kid, typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(`user-${index}`)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key.privateKey),
    ),
  );
}

async function compare(
  algorithm: string,
  tokens: readonly string[],
  authorize: Verify,
  floor: Verify,
  plan: AuthorizerPlan,
  deadline: number,
): Promise<AlgorithmResult> {
  // The first call of each fetches the key set: a cold start, kept out of the samples.
  await authorize(tokens[0] ?? '');
  await floor(tokens[0] ?? '');

  const authorizerSamples: number[] = [];
  const floorSamples: number[] = [];
  for (let round = 0; round < plan.rounds && Date.now() < deadline; round += 1) {
    floorSamples.push(await perSecond(tokens, floor, plan.batchMs));
    authorizerSamples.push(await perSecond(tokens, authorize, plan.batchMs));
  }

  const authorizerPerSecond = median(authorizerSamples);
  const floorPerSecond = median(floorSamples);
  return {
    algorithm,
    authorizerPerSecond: Math.round(authorizerPerSecond),
    floorPerSecond: Math.round(floorPerSecond),
    ratio: round(authorizerPerSecond / floorPerSecond, 3),
    authorizerMs: round(1000 / authorizerPerSecond, 4),
    authorizerSamples: authorizerSamples.map(Math.round),
    floorSamples: floorSamples.map(Math.round),
  };
}

/** Verifies tokens one after another for `batchMs`; a cap on the count bounds the loop too. */
async function perSecond(tokens: readonly string[], verify: Verify, batchMs: number) {
  const maxCount = 1_000_000;
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < batchMs && count < maxCount) {
    await verify(tokens[count % tokens.length] ?? '');
    count += 1;
  }
  return (count / (performance.now() - start)) * 1000;
}
