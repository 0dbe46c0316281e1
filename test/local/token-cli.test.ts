import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateDevKeys } from '../../local/dev-keys';
import { parseTokenArguments, TokenCliUsageError } from '../../local/token-cli';

const execFileAsync = promisify(execFile);
const COMPACT_JWS_LINE = /^[\w-]+\.[\w-]+\.[\w-]+\n$/;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, reporting its exit code instead of throwing on failure. */
async function run(command: string, args: string[], dataDir: string): Promise<CliRun> {
  const env = { ...process.env, LOCAL_DATA_DIR: dataDir };
  return execFileAsync(command, args, { env, cwd: process.cwd() }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

function runCli(args: string[], dataDir: string): Promise<CliRun> {
  return run(process.execPath, ['--import', 'tsx', 'local/token-cli.ts', ...args], dataDir);
}

describe('token CLI', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'token-cli-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('prints a verifiable token and nothing else through npm run -s token', async () => {
    const args = ['run', '-s', 'token', '--', '--sub', 'user-1', '--org', 'org-a'];
    const roles = ['--role', 'org-admin', '--role', 'viewer', '--expires-in', '2h'];

    const result = await run('npm', [...args, ...roles], dataDir);

    expect(result).toEqual({
      code: 0,
      stdout: expect.stringMatching(COMPACT_JWS_LINE),
      stderr: '',
    });
    const keys = await loadOrCreateDevKeys(dataDir);
    const { payload } = await jwtVerify(result.stdout.trim(), createLocalJWKSet(keys.jwks), {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
    });
    expect(payload).toMatchObject({ sub: 'user-1', org: 'org-a', roles: ['org-admin', 'viewer'] });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(7200);
  });

  it('exits 2 with the problem and usage on stderr for bad arguments', async () => {
    const result = await runCli(['--sub', 'user-1', '--org', 'org-a', '--bogus'], dataDir);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain('usage: npm run -s token --');
  });

  it('signs with one key when two processes create it at the same time', async () => {
    const args = ['--sub', 'user-1', '--org', 'org-a'];

    const [first, second] = await Promise.all([runCli(args, dataDir), runCli(args, dataDir)]);

    const keys = await loadOrCreateDevKeys(dataDir);
    for (const result of [first, second]) {
      expect(result?.code).toBe(0);
      expect(decodeProtectedHeader(result?.stdout.trim() ?? '').kid).toBe(keys.kid);
    }
  });
});

describe('parseTokenArguments', () => {
  it('reads repeated roles and defaults the lifetime to one hour', () => {
    const args = ['--sub', 'u-1', '--org', 'o-1', '--role', 'org-admin', '--role', 'viewer'];

    expect(parseTokenArguments(args)).toEqual({
      sub: 'u-1',
      org: 'o-1',
      roles: ['org-admin', 'viewer'],
      expiresIn: '1h',
    });
  });

  it('allows a token without roles', () => {
    expect(parseTokenArguments(['--sub', 'u', '--org', 'o', '--expires-in', '30m'])).toEqual({
      sub: 'u',
      org: 'o',
      roles: [],
      expiresIn: '30m',
    });
  });

  it.each([
    ['a missing --sub', ['--org', 'o'], /--sub is required/],
    ['an empty --org', ['--sub', 'u', '--org', ''], /--org is required/],
    ['an option without its value', ['--org', 'o', '--sub'], /argument missing/],
    ['an unknown option', ['--sub', 'u', '--org', 'o', '--admin'], /Unknown option/],
    ['a positional argument', ['--sub', 'u', '--org', 'o', 'extra'], /positional/],
    ['a role with a comma', ['--sub', 'u', '--org', 'o', '--role', 'a,b'], /commas/],
    ['a zero lifetime', ['--sub', 'u', '--org', 'o', '--expires-in', '0h'], /--expires-in/],
    ['a negative lifetime', ['--sub', 'u', '--org', 'o', '--expires-in', '-5m'], /--expires-in/],
    ['a vague lifetime', ['--sub', 'u', '--org', 'o', '--expires-in', 'soon'], /--expires-in/],
  ])('refuses %s', (_, args, message) => {
    expect(() => parseTokenArguments(args)).toThrow(TokenCliUsageError);
    expect(() => parseTokenArguments(args)).toThrow(message);
  });
});
