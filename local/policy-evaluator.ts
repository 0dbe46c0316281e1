import type { PolicyDocument, Statement } from 'aws-lambda';

/** What API Gateway does with a request under an authorizer's policy. */
export type PolicyDecision = 'allow' | 'deny';

const INVOKE = 'execute-api:Invoke';

/**
 * Decides a request the way API Gateway applies a (possibly cached) authorizer policy: an
 * explicit Deny that matches wins, then a matching Allow, otherwise deny. Resources match
 * with IAM wildcards (`*` any run of characters, `/` included; `?` one character). What this
 * cannot evaluate (conditions, principals) fails closed: it never grants, it always denies.
 */
export function evaluatePolicy(policy: PolicyDocument, methodArn: string): PolicyDecision {
  const statements = policy.Statement;
  if (statements.some((statement) => applies(statement, 'Deny', methodArn))) {
    return 'deny';
  }

  const allowed = statements.some((statement) => applies(statement, 'Allow', methodArn));
  return allowed ? 'allow' : 'deny';
}

function applies(statement: Statement, effect: 'Allow' | 'Deny', methodArn: string): boolean {
  if (statement.Effect !== effect) {
    return false;
  }

  // An Allow we cannot fully evaluate grants nothing; such a Deny is taken at its word.
  const unknowable = effect === 'Deny';
  if (statement.Condition !== undefined) {
    return unknowable;
  }
  return actionMatches(statement) && resourceMatches(statement, methodArn, unknowable);
}

function actionMatches(statement: Statement): boolean {
  if ('Action' in statement) {
    return anyMatches(statement.Action, INVOKE, true);
  }
  return !anyMatches(statement.NotAction, INVOKE, true);
}

function resourceMatches(statement: Statement, methodArn: string, unknowable: boolean): boolean {
  if ('Resource' in statement && statement.Resource !== undefined) {
    return anyMatches(statement.Resource, methodArn, false);
  }

  if ('NotResource' in statement && statement.NotResource !== undefined) {
    return !anyMatches(statement.NotResource, methodArn, false);
  }
  return unknowable;
}

function anyMatches(patterns: string | string[], value: string, ignoreCase: boolean): boolean {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  return list.some((pattern) => wildcardPattern(pattern, ignoreCase).test(value));
}

/** IAM matches action names case-insensitively and resource ARNs case-sensitively. */
function wildcardPattern(pattern: string, ignoreCase: boolean): RegExp {
  const source = [...pattern]
    .map((character) => {
      if (character === '*') {
        return '.*';
      }
      return character === '?' ? '.' : character.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
}
