/** What a timer of an execution is for; one timer of each kind at a time. */
export type TimerKind = 'execution' | 'state' | 'task' | 'heartbeat';

// setTimeout holds at most 2^31 - 1 ms (about 24.8 days); longer waits re-arm in steps.
const LONGEST_TIMEOUT_MS = 2_147_483_647;

/** The timers of one execution, set at absolute epoch-millisecond times. */
export class ExecutionTimers {
  private readonly handles = new Map<TimerKind, NodeJS.Timeout>();

  /** Runs `callback` at `at` (at once if `at` is past), replacing a timer of the same kind. */
  set(kind: TimerKind, at: number, callback: () => void): void {
    this.clear(kind);

    const delay = Math.max(0, at - Date.now());
    const step = Math.min(delay, LONGEST_TIMEOUT_MS);
    const handle = setTimeout(() => {
      this.handles.delete(kind);
      if (step < delay) {
        this.set(kind, at, callback);
      } else {
        callback();
      }
    }, step);
    this.handles.set(kind, handle);
  }

  /** Cancels the timer of one kind, if any. */
  clear(kind: TimerKind): void {
    clearTimeout(this.handles.get(kind));
    this.handles.delete(kind);
  }

  /** Cancels the timers that belong to the current state, keeping the execution's timeout. */
  clearStateTimers(): void {
    this.clear('state');
    this.clear('task');
    this.clear('heartbeat');
  }

  /** Cancels every timer. */
  clearAll(): void {
    for (const kind of [...this.handles.keys()]) {
      this.clear(kind);
    }
  }
}
