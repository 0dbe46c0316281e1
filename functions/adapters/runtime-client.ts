import type { ParameterValue } from '../core/parameter-validation';
import type { IntegrationClient } from './integration-client';
import { type RuntimeExecution, RuntimeExecutionSchema } from './integration-contracts';
import { IntegrationError, isTransientFailure, parseAnswer } from './json-http-client';

/** The runtime could not be reached or is overloaded; the state machine retries this. */
export class RuntimeUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // The state machine's Retry matches this name.
    this.name = 'RuntimeUnavailable';
  }
}

/** The runtime refused the run or answered outside its contract; retrying cannot help. */
export class RuntimeRejectedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeRejected';
  }
}

/** What the runtime is asked to run; the orchestration id becomes the idempotency key. */
export interface ExecutionRequest {
  orchestrationId: string;
  playbookId: string;
  version: string;
  parameters: Record<string, ParameterValue>;
}

/** Options of one runtime call. */
export interface RuntimeCallOptions {
  deadline: number;
  beforeSend?(attempt: number): Promise<void>;
}

/** The runtime agent's two operations, with its failures sorted into retryable or not. */
export class RuntimeClient {
  constructor(private readonly client: IntegrationClient) {}

  /**
   * Creates the execution, or finds the one already created under this idempotency key.
   * Retrying is safe because the key makes the runtime create at most one execution.
   */
  async createExecution(
    request: ExecutionRequest,
    options: RuntimeCallOptions,
  ): Promise<RuntimeExecution> {
    const { orchestrationId, ...body } = request;
    const headers = { 'idempotency-key': orchestrationId };

    return this.answer(() =>
      this.client.post('executions', body, { retry: true, headers, ...options }),
    );
  }

  /** Reads an execution's current status. */
  readExecution(executionId: string, deadline: number): Promise<RuntimeExecution> {
    const path = `executions/${encodeURIComponent(executionId)}`;
    return this.answer(() => this.client.get(path, { retry: true, deadline }));
  }

  private async answer(call: () => Promise<unknown>): Promise<RuntimeExecution> {
    try {
      return parseAnswer(RuntimeExecutionSchema, await call(), 'runtime');
    } catch (error) {
      throw asRuntimeError(error);
    }
  }
}

function asRuntimeError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const unavailable =
    isTransientFailure(error) ||
    (error instanceof IntegrationError &&
      (error.reason === 'circuit-open' || error.reason === 'credential-unavailable'));

  if (unavailable) return new RuntimeUnavailableError(message, { cause: error });
  if (error instanceof IntegrationError) return new RuntimeRejectedError(message, { cause: error });
  return error instanceof Error ? error : new Error(message);
}
