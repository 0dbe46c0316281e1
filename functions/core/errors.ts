/** Base of every error the orchestrator raises on purpose; `code` is stable for clients. */
export class OrchestratorError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OrchestratorError';
    this.code = code;
  }
}

/** The request body is not JSON, or not of a type the route accepts. */
export class MalformedRequestError extends OrchestratorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('malformed-request', message, options);
    this.name = 'MalformedRequestError';
  }
}

/** One field that failed validation, as a JSON pointer-like path and what is wrong. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The body is JSON but breaks the route's schema. */
export class ValidationError extends OrchestratorError {
  readonly problems: readonly FieldProblem[];

  constructor(problems: readonly FieldProblem[]) {
    const fields = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    super('validation-failed', `The request is invalid: ${fields}`);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** Unknown id, or an id of another organisation; both look the same to the caller. */
export class NotFoundError extends OrchestratorError {
  constructor(message: string) {
    super('not-found', message);
    this.name = 'NotFoundError';
  }
}

/** The orchestration is not in a state that allows this, or another request won a race. */
export class ConflictError extends OrchestratorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('conflict', message, options);
    this.name = 'ConflictError';
  }
}

/** The caller is known but a rule forbids what they asked; `rule` names the rule. */
export class ForbiddenError extends OrchestratorError {
  readonly rule: string;

  constructor(rule: string, message: string) {
    super('forbidden', message);
    this.name = 'ForbiddenError';
    this.rule = rule;
  }
}

/** No verified caller reached the handler. */
export class UnauthorizedError extends OrchestratorError {
  constructor(message: string) {
    super('unauthorized', message);
    this.name = 'UnauthorizedError';
  }
}

/** The body exceeds what the route accepts. */
export class PayloadTooLargeError extends OrchestratorError {
  constructor(limitBytes: number) {
    super('payload-too-large', `The request body exceeds ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

/** The body is not declared as JSON. */
export class UnsupportedMediaTypeError extends OrchestratorError {
  constructor(contentType: string | undefined) {
    super('unsupported-media-type', `Content-Type must be application/json, not ${contentType}`);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** A service the orchestrator depends on failed; the operation changed nothing. */
export class DependencyUnavailableError extends OrchestratorError {
  readonly dependency: string;

  constructor(dependency: string, message: string, options?: { cause?: unknown }) {
    super('dependency-unavailable', message, options);
    this.name = 'DependencyUnavailableError';
    this.dependency = dependency;
  }
}
