/**
 * Prints an HS256 token signed with the key `scripts/localstack-deploy.sh` generated, for the
 * stack deployed to LocalStack: `npx tsx scripts/hs256-token.ts --sub u --org o [--role r]`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';

/** The issuer `scripts/localstack-deploy.sh` deploys the authorizer with. */
export const LOCALSTACK_ISSUER = 'urn:incident-orchestrator:localstack';
const AUDIENCE = 'incident-orchestrator';

/** What the token says about its caller. */
export interface TokenClaims {
  readonly sub: string;
  readonly org: string;
  readonly roles: readonly string[];
}

/** Signs a one-hour token with `secret` (its bytes exactly as stored). */
export function signHs256Token(claims: TokenClaims, secret: string): Promise<string> {
  return new SignJWT({ org: claims.org, roles: [...claims.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(LOCALSTACK_ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string', multiple: true },
    },
  });
  if (!values.sub || !values.org) {
    process.stderr.write('usage: npx tsx scripts/hs256-token.ts --sub S --org O [--role R]...\n');
    process.exitCode = 2;
    return;
  }

  const dataDir = resolve(process.env.LOCAL_DATA_DIR?.trim() || '.local');
  const secret = readFileSync(join(dataDir, 'localstack', 'jwt-secret'), 'utf8');
  const claims = { sub: values.sub, org: values.org, roles: values.role ?? [] };
  process.stdout.write(`${await signHs256Token(claims, secret)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
