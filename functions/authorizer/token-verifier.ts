import {
  errors,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose';
import type { AuthorizerConfig } from './authorizer-config';
import { InvalidTokenError, KeySourceUnavailableError } from './authorizer-errors';
import type { KeySource } from './key-source';

/** Who a verified token speaks for. */
export interface Caller {
  sub: string;
  org: string;
  /** Empty unless the roles claim is an array of plain role names. */
  roles: string[];
}

/** Verifies a compact JWT and returns its caller; see `createTokenVerifier`. */
export type TokenVerifier = (token: string) => Promise<Caller>;

/**
 * Why a token was refused, by jose error code. Every entry answers 401; a code outside this
 * table is still a refusal, logged as unexpected.
 */
export const TOKEN_REJECTION_REASONS: Readonly<Record<string, string>> = {
  ERR_JWT_EXPIRED: 'token expired or older than the maximum token age',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'a registered claim is missing, malformed or not expected',
  ERR_JWT_INVALID: 'claims set is not a JSON object',
  ERR_JWS_INVALID: 'not a well-formed compact JWS',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'signature does not verify',
  ERR_JOSE_ALG_NOT_ALLOWED: 'algorithm is not in the allow-list',
  ERR_JOSE_NOT_SUPPORTED: 'unsupported algorithm or critical header parameter',
  ERR_JWKS_NO_MATCHING_KEY: 'no key matches the kid and algorithm of the token',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'token names no kid and several keys match',
  TOKEN_TOO_LARGE: 'token exceeds the size limit',
  TYP_NOT_JWT: 'typ header names something other than a JWT',
  NESTED_JWT: 'nested JWTs are not accepted',
  SUB_INVALID: 'sub claim is not a non-empty string',
  ORG_INVALID: 'organisation claim is not a non-empty string',
};

/** Key lookups that fail because of what the token names, not because the keys are missing. */
const TOKEN_KEY_MISMATCHES = new Set([
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);
const REQUIRED_CLAIMS = ['exp', 'iat', 'iss', 'aud', 'sub'];
const MAX_IDENTIFIER_LENGTH = 256;

/**
 * Builds a verifier that caps the token size before any decoding, lets jose check signature,
 * algorithm, issuer, audience, expiry and age, then reads `sub`, the organisation and roles.
 * Throws `InvalidTokenError` for any untrustworthy token and `KeySourceUnavailableError` when
 * the keys cannot be obtained.
 */
export function createTokenVerifier(config: AuthorizerConfig, keySource: KeySource): TokenVerifier {
  const resolveKey = separateKeySourceFailures(keySource);
  const options: JWTVerifyOptions = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: config.algorithms,
    requiredClaims: REQUIRED_CLAIMS,
    maxTokenAge: config.maxTokenAge,
    clockTolerance: config.clockToleranceSeconds,
  };

  return async (token) => {
    assertWithinSize(token, config.maxTokenBytes);

    const { payload, protectedHeader } = await verifyJwt(token, resolveKey, options);
    assertPlainJwt(protectedHeader);

    return callerFrom(payload, config);
  };
}

function assertWithinSize(token: string, maxBytes: number): void {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap length test comes first.
  if (token.length > maxBytes || Buffer.byteLength(token, 'utf8') > maxBytes) {
    throw refusal('TOKEN_TOO_LARGE');
  }
}

async function verifyJwt(token: string, resolveKey: KeySource, options: JWTVerifyOptions) {
  try {
    return await jwtVerify(token, resolveKey, options);
  } catch (error) {
    if (error instanceof KeySourceUnavailableError) {
      throw error;
    }
    // jose reports malformed input with its own errors; anything else still leaves the token
    // unverified, so it is refused like any other, under a code that stands out in the logs.
    throw refusal(joseCode(error) ?? 'ERR_UNEXPECTED', error);
  }
}

function separateKeySourceFailures(keySource: KeySource): KeySource {
  return async (protectedHeader, token) => {
    try {
      return await keySource(protectedHeader, token);
    } catch (error) {
      const code = joseCode(error);
      if (error instanceof KeySourceUnavailableError || (code && TOKEN_KEY_MISMATCHES.has(code))) {
        throw error;
      }
      throw new KeySourceUnavailableError(code ?? 'ERR_KEY_SOURCE_FAILED', { cause: error });
    }
  };
}

function assertPlainJwt(header: JWTHeaderParameters): void {
  if (header.typ !== undefined && !namesJwt(header.typ, true)) {
    throw refusal('TYP_NOT_JWT');
  }

  if (header.cty !== undefined && namesJwt(header.cty, false)) {
    throw refusal('NESTED_JWT');
  }
}

/** RFC 7515 §4.1.9: media types may omit `application/`; `at+jwt` (RFC 9068) is a JWT too. */
function namesJwt(mediaType: string, allowStructuredSuffix: boolean): boolean {
  const name = mediaType.toLowerCase().replace(/^application\//, '');
  return name === 'jwt' || (allowStructuredSuffix && name.endsWith('+jwt'));
}

function callerFrom(payload: JWTPayload, config: AuthorizerConfig): Caller {
  const org = ownClaim(payload, config.orgClaim);
  if (!isIdentifier(payload.sub)) {
    throw refusal('SUB_INVALID');
  }

  if (!isIdentifier(org)) {
    throw refusal('ORG_INVALID');
  }
  return { sub: payload.sub, org, roles: rolesFrom(ownClaim(payload, config.rolesClaim)) };
}

function ownClaim(payload: JWTPayload, name: string): unknown {
  return Object.hasOwn(payload, name) ? payload[name] : undefined;
}

function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_IDENTIFIER_LENGTH;
}

/**
 * Roles count only as an array of names. A comma would let one role smuggle another through
 * the comma-joined authorizer context, so such an array grants nothing.
 */
function rolesFrom(claim: unknown): string[] {
  if (!Array.isArray(claim)) {
    return [];
  }

  const valid = claim.every((role) => isIdentifier(role) && !role.includes(','));
  return valid ? [...new Set<string>(claim)] : [];
}

function joseCode(error: unknown): string | undefined {
  return error instanceof errors.JOSEError ? error.code : undefined;
}

function refusal(code: string, cause?: unknown): InvalidTokenError {
  const reason = TOKEN_REJECTION_REASONS[code] ?? 'verification failed unexpectedly';
  return new InvalidTokenError(code, reason, cause === undefined ? undefined : { cause });
}
