import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadOrCreateDevKeys } from './dev-keys';

/** How to call the command; printed with every usage error. */
export const TOKEN_CLI_USAGE =
  'usage: npm run -s token -- --sub <subject> --org <organisation> ' +
  '[--role <role>]... [--expires-in <duration, e.g. 30m or 2h>]';

/** What the command line asks for. */
export interface TokenRequest {
  sub: string;
  org: string;
  roles: string[];
  expiresIn: string;
}

/** The command line cannot be understood; the message says what to change. */
export class TokenCliUsageError extends Error {
  override name = 'TokenCliUsageError';
}

const DURATION = /^[1-9]\d*\s?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)$/i;

/** Reads `--sub`, `--org`, repeated `--role` and `--expires-in`; throws `TokenCliUsageError`. */
export function parseTokenArguments(args: readonly string[]): TokenRequest {
  const { values } = parseWithUsageErrors(args);
  const sub = requireValue('--sub', values.sub);
  const org = requireValue('--org', values.org);
  const roles = (values.role ?? []).map((role) => requireRole(role));

  const expiresIn = values['expires-in'] ?? '1h';
  if (!DURATION.test(expiresIn)) {
    throw new TokenCliUsageError(`--expires-in must be a positive duration such as 30m or 2h`);
  }
  return { sub, org, roles, expiresIn };
}

/**
 * Signs a token with the local key under `LOCAL_DATA_DIR` (default `.local`) and returns it.
 * The key is created on first use.
 */
export async function createLocalToken(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const request = parseTokenArguments(args);
  // An empty LOCAL_DATA_DIR would resolve to the working directory itself.
  const dataDir = env.LOCAL_DATA_DIR?.trim() || '.local';
  const keys = await loadOrCreateDevKeys(resolve(dataDir));
  return keys.signToken(request);
}

function parseWithUsageErrors(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        sub: { type: 'string' },
        org: { type: 'string' },
        role: { type: 'string', multiple: true },
        'expires-in': { type: 'string' },
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TokenCliUsageError(message, { cause: error });
  }
}

function requireValue(option: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new TokenCliUsageError(`${option} is required and must not be empty`);
  }
  return value;
}

function requireRole(role: string): string {
  // The authorizer refuses every role of a roles claim with a comma in it.
  if (role.trim() === '' || role.includes(',')) {
    throw new TokenCliUsageError('--role must be one non-empty role name without commas');
  }
  return role;
}

async function main(): Promise<void> {
  try {
    process.stdout.write(`${await createLocalToken(process.argv.slice(2))}\n`);
  } catch (error) {
    const usage = error instanceof TokenCliUsageError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(usage ? `${message}\n${TOKEN_CLI_USAGE}\n` : `token: ${message}\n`);
    process.exitCode = usage ? 2 : 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
