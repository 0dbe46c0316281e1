import { AuthorizerConfigError } from './authorizer-errors';

// Validated by hand rather than with zod: this is all the authorizer would use it for, and a
// schema library would be most of its bundle and of its cold start.

/** The authorizer's environment variables after validation and defaults. */
export interface AuthorizerEnv {
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  /** Trimmed, without tabs or line breaks. */
  JWT_JWKS_URL?: string;
  JWT_SECRET_ARN?: string;
  JWT_SECRET?: string;
  JWT_ALGORITHMS?: string;
  JWT_MAX_TOKEN_AGE: string;
  JWT_CLOCK_TOLERANCE_SECONDS: number;
  JWT_ORG_CLAIM: string;
  JWT_ROLES_CLAIM: string;
  MAX_TOKEN_BYTES: number;
  JWT_JWKS_TIMEOUT_MS: number;
  JWT_JWKS_COOLDOWN_MS: number;
  JWT_JWKS_CACHE_MAX_AGE_MS: number;
}

const DURATION = /^\d+$|^\d+ ?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)$/i;
// The complete ARN (with Secrets Manager's six-character suffix) is what IAM grants access to.
const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;
// HS256 needs a key at least as long as its 256-bit output (RFC 7518 §3.2).
const MIN_SECRET_LENGTH = 32;
const MAX_CLAIM_NAME_LENGTH = 256;

/**
 * Reads the authorizer's variables, each on its own; blank counts as unset. Throws
 * `AuthorizerConfigError` naming every variable to fix, and never echoes a value.
 */
export function readAuthorizerEnv(env: NodeJS.ProcessEnv = process.env): AuthorizerEnv {
  const read = new EnvironmentReader(env);
  const values: AuthorizerEnv = {
    JWT_ISSUER: read.required('JWT_ISSUER'),
    JWT_AUDIENCE: read.required('JWT_AUDIENCE'),
    JWT_JWKS_URL: read.httpUrl('JWT_JWKS_URL'),
    JWT_SECRET_ARN: read.matching('JWT_SECRET_ARN', SECRET_ARN, 'must be a complete secret ARN'),
    JWT_SECRET: read.atLeast('JWT_SECRET', MIN_SECRET_LENGTH),
    JWT_ALGORITHMS: read.optional('JWT_ALGORITHMS'),
    JWT_MAX_TOKEN_AGE:
      read.matching('JWT_MAX_TOKEN_AGE', DURATION, 'must be seconds or a duration like 12h') ??
      '12h',
    JWT_CLOCK_TOLERANCE_SECONDS: read.integer('JWT_CLOCK_TOLERANCE_SECONDS', 0, 300) ?? 5,
    JWT_ORG_CLAIM: read.atMost('JWT_ORG_CLAIM', MAX_CLAIM_NAME_LENGTH) ?? 'org',
    JWT_ROLES_CLAIM: read.atMost('JWT_ROLES_CLAIM', MAX_CLAIM_NAME_LENGTH) ?? 'roles',
    MAX_TOKEN_BYTES: read.integer('MAX_TOKEN_BYTES', 512, 65_536) ?? 8192,
    JWT_JWKS_TIMEOUT_MS: read.integer('JWT_JWKS_TIMEOUT_MS', 0, 30_000) ?? 2000,
    JWT_JWKS_COOLDOWN_MS: read.integer('JWT_JWKS_COOLDOWN_MS', 0, 3_600_000) ?? 30_000,
    JWT_JWKS_CACHE_MAX_AGE_MS: read.integer('JWT_JWKS_CACHE_MAX_AGE_MS', 0, 86_400_000) ?? 600_000,
  };

  if (read.problems.length > 0) {
    const problems = read.problems.join('; ');
    throw new AuthorizerConfigError(`Invalid authorizer environment: ${problems}`);
  }
  return values;
}

/** Reads variables one by one and collects a problem per bad one, so one error lists them all. */
class EnvironmentReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The value as set, or undefined when unset or blank. */
  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) this.problems.push(`${name}: must be set`);
    return value ?? '';
  }

  matching(name: string, pattern: RegExp, problem: string): string | undefined {
    const value = this.optional(name);
    if (value !== undefined && !pattern.test(value)) this.problems.push(`${name}: ${problem}`);
    return value;
  }

  atLeast(name: string, minLength: number): string | undefined {
    const value = this.optional(name);
    if (value !== undefined && value.length < minLength) {
      this.problems.push(`${name}: must be at least ${minLength} characters long`);
    }
    return value;
  }

  atMost(name: string, maxLength: number): string | undefined {
    const value = this.optional(name);
    if (value !== undefined && value.length > maxLength) {
      this.problems.push(`${name}: must be at most ${maxLength} characters long`);
    }
    return value;
  }

  /** A safe integer within bounds, in any form `Number()` reads (` 5 `, `1e3`, `0x10`). */
  integer(name: string, min: number, max: number): number | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;

    const number = Number(value);
    if (!Number.isSafeInteger(number) || number < min || number > max) {
      this.problems.push(`${name}: must be an integer from ${min} to ${max}`);
    }
    return number;
  }

  /**
   * An absolute http(s) URL, trimmed and without tabs or line breaks. The scheme must be
   * followed by `//`, so `http:host` is refused rather than read as a relative reference.
   */
  httpUrl(name: string): string | undefined {
    const trimmed = this.optional(name)?.trim();
    if (trimmed === undefined) return undefined;

    if (!/^https?:\/\//i.test(trimmed) || !URL.canParse(trimmed)) {
      this.problems.push(`${name}: must be an absolute http or https URL`);
    }
    return trimmed.replace(/[\t\n\r]/g, '');
  }
}
