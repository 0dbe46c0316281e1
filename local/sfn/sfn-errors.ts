/** Base class of every error the local Step Functions emulator raises. */
export class StepFunctionsEmulatorError extends Error {
  override readonly name: string = 'StepFunctionsEmulatorError';
}

/** A state machine definition the emulator cannot resolve, validate or run. */
export class DefinitionError extends StepFunctionsEmulatorError {
  override readonly name: string = 'DefinitionError';
}

/** An Amazon States Language error raised while a state runs (`States.Runtime` and friends). */
export class StatesError extends StepFunctionsEmulatorError {
  override readonly name: string = 'StatesError';

  /** The ASL error name that Retry and Catch match, e.g. `States.Runtime`. */
  readonly error: string;

  constructor(error: string, cause: string, options?: ErrorOptions) {
    super(cause, options);
    this.error = error;
  }
}

/** An execution file in the data directory that cannot be read back. */
export class ExecutionStoreError extends StepFunctionsEmulatorError {
  override readonly name: string = 'ExecutionStoreError';
}

/** A Step Functions API error, answered as HTTP 400 with `__type` set to its code. */
export class StepFunctionsApiError extends StepFunctionsEmulatorError {
  override readonly name: string = 'StepFunctionsApiError';

  /** The AWS error code, e.g. `ExecutionDoesNotExist`. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
