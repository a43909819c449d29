// @ts-check

/**
 * Counts requests per caller in fixed clock windows (each minute from :00 to :59, say). Plain code: it knows nothing
 * about hooks, and time comes from the injected clock, so tests move time instead of sleeping.
 */
export class RequestWindow {
  /** @type {Map<string, { start: number, count: number }>} */
  #counts = new Map();
  #limit;
  #windowMs;
  #clock;

  /** @param {{ limit: number, windowMs: number, clock: import('@switchyard/core').Clock }} options */
  constructor({ limit, windowMs, clock }) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#clock = clock;
  }

  /**
   * Counts one request for `caller` if the current window has room.
   * @param {string} caller
   * @returns {{ allowed: true, windowStart: number, used: number } | { allowed: false, retryAfterSeconds: number }}
   */
  take(caller) {
    const now = this.#clock.now();
    const start = now - (now % this.#windowMs);
    let entry = this.#counts.get(caller);
    if (entry === undefined || entry.start !== start) this.#counts.set(caller, (entry = { start, count: 0 }));
    if (entry.count >= this.#limit) return { allowed: false, retryAfterSeconds: Math.ceil((start + this.#windowMs - now) / 1000) };
    entry.count++;
    return { allowed: true, windowStart: start, used: entry.count };
  }

  /**
   * Uncounts a request taken in the window starting at `windowStart`; a window already over is left alone.
   * @param {string} caller
   * @param {number} windowStart
   */
  giveBack(caller, windowStart) {
    const entry = this.#counts.get(caller);
    if (entry !== undefined && entry.start === windowStart && entry.count > 0) entry.count--;
  }

  /**
   * Requests counted for `caller` in the window starting at `windowStart` (0 once that window is over).
   * @param {string} caller
   * @param {number} windowStart
   */
  used(caller, windowStart) {
    const entry = this.#counts.get(caller);
    return entry !== undefined && entry.start === windowStart ? entry.count : 0;
  }
}
