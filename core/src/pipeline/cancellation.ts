/**
 * A request's "the caller went away", without an AbortSignal until someone asks for one. In Node 20 creating an
 * AbortSignal costs about 5 µs and adding and removing a listener about as much again (measured); the HTTP server
 * would pay both on every request for a signal that almost never fires. Core listens here with plain callbacks, and
 * `signal` makes a real AbortSignal only for a plugin or provider that reads it.
 */
export class Cancellation {
  private controller: AbortController | undefined;
  private listeners: Array<() => void> | undefined;
  private abortedWith: { reason: unknown } | undefined;

  /** `given`: an in-process caller's own signal, which this follows instead of keeping state of its own. */
  constructor(private readonly given?: AbortSignal) {}

  get aborted(): boolean {
    return this.given !== undefined ? this.given.aborted : this.abortedWith !== undefined;
  }

  get reason(): unknown {
    return this.given !== undefined ? this.given.reason : this.abortedWith?.reason;
  }

  get signal(): AbortSignal {
    if (this.given !== undefined) return this.given;
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortedWith !== undefined) this.controller.abort(this.abortedWith.reason);
    }
    return this.controller.signal;
  }

  /** Aborts with `reason`; only the first call counts. Not for a cancellation that follows a given signal. */
  abort(reason: unknown): void {
    if (this.given !== undefined || this.abortedWith !== undefined) return;
    this.abortedWith = { reason };
    this.controller?.abort(reason);
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners !== undefined) for (const listener of listeners) listener();
  }

  /** Calls `listener` once on abort; it must not already be aborted. */
  onAbort(listener: () => void): void {
    if (this.given !== undefined) this.given.addEventListener('abort', listener, { once: true });
    else (this.listeners ??= []).push(listener);
  }

  offAbort(listener: () => void): void {
    if (this.given !== undefined) {
      this.given.removeEventListener('abort', listener);
      return;
    }
    const index = this.listeners?.indexOf(listener) ?? -1;
    if (index !== -1) this.listeners!.splice(index, 1);
  }
}
