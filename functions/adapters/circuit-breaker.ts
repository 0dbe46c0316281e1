import { IntegrationError } from './json-http-client';

/** When a breaker opens and how long it stays open. */
export interface CircuitBreakerSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before one probe call may pass. */
  coolDownMs: number;
}

/** Closed: calls pass. Open: calls fail fast. Half-open: one probe call decides. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * A circuit breaker for one dependency in one warm container. Only failures that say the
 * dependency is in trouble count (`countsAsFailure`); a 404 or a refused request does not.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt?: number;
  private probing = false;
  private lastFailure = '';

  constructor(
    private readonly dependency: string,
    private readonly settings: CircuitBreakerSettings,
    private readonly countsAsFailure: (error: unknown) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** The state as a caller would find it now. */
  state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.settings.coolDownMs ? 'half-open' : 'open';
  }

  /** Runs `operation` unless the circuit is open; records how it went. */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    const probe = this.admit();
    try {
      const result = await operation();
      this.recordSuccess();
      return result;
    } catch (error) {
      if (this.countsAsFailure(error)) this.recordFailure(error);
      throw error;
    } finally {
      if (probe) this.probing = false;
    }
  }

  /** Throws when the call may not pass; true when it is the half-open probe. */
  private admit(): boolean {
    const state = this.state();
    if (state === 'closed') return false;
    if (state === 'half-open' && !this.probing) {
      this.probing = true;
      return true;
    }

    throw new IntegrationError('circuit-open', this.openMessage());
  }

  private recordSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
  }

  private recordFailure(error: unknown): void {
    this.failures += 1;
    this.lastFailure = error instanceof Error ? error.message : String(error);
    // A failed probe re-opens at once; a closed circuit opens at the threshold.
    if (this.openedAt !== undefined || this.failures >= this.settings.failureThreshold) {
      this.openedAt = this.now();
    }
  }

  private openMessage(): string {
    const waitMs = Math.max(0, (this.openedAt ?? 0) + this.settings.coolDownMs - this.now());
    const retryIn = this.probing ? 'a probe call is in flight' : `next try in ${waitMs} ms`;
    return (
      `${this.dependency} circuit is open after ${this.failures} consecutive failures ` +
      `(last: ${this.lastFailure}); ${retryIn}`
    );
  }
}
