import { Token } from 'aws-cdk-lib';

/** Hosts on the developer's machine or a private network, where plain http is acceptable. */
const LOCAL_HOSTS: readonly RegExp[] = [
  /^localhost$/,
  /^host\.docker\.internal$/,
  /^0\.0\.0\.0$/,
  /^\[::1?\]$/,
  /^127\.\d+\.\d+\.\d+$/,
  /^10\.\d+\.\d+\.\d+$/,
  /^192\.168\.\d+\.\d+$/,
  /^172\.(1[6-9]|2\d|3[01])\.\d+\.\d+$/,
];

/** Throws unless `value` is a whole number from `minimum` to `maximum`; returns it. */
export function wholeNumber(name: string, value: number, minimum: number, maximum: number): number {
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new RangeError(
      `OrchestratorStack: ${name} must be a whole number from ${minimum} to ${maximum}, ` +
        `got ${value}. Fix the prop or pass -c ${name}=<number>.`,
    );
  }

  return value;
}

/** Throws unless `value` is a non-blank string; returns it. */
export function required(name: string, value: string | undefined, why: string): string {
  if (value === undefined || value.trim() === '') {
    throw new TypeError(
      `OrchestratorStack: ${name} is required ${why}. ` +
        `Set the ${name} prop, or deploy with -c ${name}=<value>.`,
    );
  }

  return value;
}

/** Throws unless `value` is one of `allowed`; returns it. */
export function oneOf<const Value extends string | number>(
  name: string,
  value: Value,
  allowed: readonly Value[],
): Value {
  if (!allowed.includes(value)) {
    throw new RangeError(
      `OrchestratorStack: ${name} must be one of ${allowed.join(', ')}, got ${String(value)}.`,
    );
  }

  return value;
}

/** Throws unless `value` is an absolute http(s) URL; returns it parsed. */
export function httpUrl(name: string, value: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch (error) {
    throw new TypeError(`OrchestratorStack: ${name} must be an absolute URL, got "${value}".`, {
      cause: error,
    });
  }

  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`OrchestratorStack: ${name} must be an http(s) URL, got "${value}".`);
  }

  return parsed;
}

/** Throws unless `value` is an https URL, or http on a local or private-network host. */
export function jwksUrl(value: string): string {
  const parsed = httpUrl('jwtJwksUrl', value);

  // Signing keys fetched over plain http could be swapped in transit.
  if (parsed.protocol !== 'https:' && !LOCAL_HOSTS.some((host) => host.test(parsed.hostname))) {
    throw new TypeError(
      'OrchestratorStack: jwtJwksUrl must use https (plain http is accepted for local and ' +
        `private-network hosts only), got "${value}".`,
    );
  }

  return value;
}

/**
 * Throws unless `value` matches `pattern`; returns it. Unresolved tokens (an SSM parameter,
 * a CfnParameter) pass, since their value is only known at deploy time.
 */
export function matching(name: string, value: string, pattern: RegExp, expected: string): string {
  if (!Token.isUnresolved(value) && !pattern.test(value)) {
    throw new TypeError(`OrchestratorStack: ${name} must be ${expected}, got "${value}".`);
  }

  return value;
}

/** Patterns of the identifiers the stack accepts, with what to tell a user who got one wrong. */
export const IDENTIFIERS = {
  secretArn: {
    // IAM matches the complete ARN, whose last six characters Secrets Manager made up.
    pattern: /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/,
    expected:
      'the complete secret ARN, with its six-character suffix ' +
      '(aws secretsmanager describe-secret --secret-id <name> --query ARN)',
  },
  webAclArn: {
    pattern: /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[\w-]+\/[\w-]+$/,
    expected: 'the ARN of a REGIONAL WAFv2 web ACL in the stack’s region',
  },
  kmsKeyArn: {
    pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f-]{36})$/,
    expected: 'a KMS key ARN (arn:…:kms:<region>:<account>:key/<key id>), not an alias',
  },
  eventBusName: {
    pattern: /^[\w.\-/]{1,256}$/,
    expected: 'the name (not the ARN) of an EventBridge bus in the stack’s account and region',
  },
  metricsNamespace: {
    pattern: /^(?!AWS\/)[\w.#:/-]{1,255}$/,
    expected: 'a CloudWatch namespace (letters, digits, . _ - / # :) not starting with AWS/',
  },
  email: {
    pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
    expected: 'an email address',
  },
  claimName: {
    pattern: /^.{1,256}$/,
    expected: 'a claim name of 1 to 256 characters, such as custom:org or cognito:groups',
  },
} as const;
