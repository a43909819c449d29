import { describe, expect, it } from 'vitest';
import { RequestWindow } from './request-window.mjs';

// 10:00:15 on some day: 45 seconds before the minute ends.
const start = 28_333_333 * 60_000;

function windowAt(now: { value: number }) {
  return new RequestWindow({ limit: 2, windowMs: 60_000, clock: { now: () => now.value } });
}

describe('RequestWindow', () => {
  it('allows up to the limit in one window and says when the next one opens', () => {
    const now = { value: start + 15_000 };
    const window = windowAt(now);
    expect(window.take('alice')).toEqual({ allowed: true, windowStart: start, used: 1 });
    expect(window.take('alice')).toEqual({ allowed: true, windowStart: start, used: 2 });
    expect(window.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 45 });
  });

  it('counts each caller apart', () => {
    const window = windowAt({ value: start });
    window.take('alice');
    window.take('alice');
    expect(window.take('bob')).toEqual({ allowed: true, windowStart: start, used: 1 });
  });

  it('starts again at zero in the next window', () => {
    const now = { value: start + 59_999 };
    const window = windowAt(now);
    window.take('alice');
    window.take('alice');
    now.value = start + 60_000;
    expect(window.take('alice')).toEqual({ allowed: true, windowStart: start + 60_000, used: 1 });
  });

  it('rounds retry-after up to a whole second', () => {
    const window = windowAt({ value: start + 59_001 });
    window.take('alice');
    window.take('alice');
    expect(window.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('gives back a request in the window it was taken in, and not in a later one', () => {
    const now = { value: start };
    const window = windowAt(now);
    window.take('alice');
    window.giveBack('alice', start);
    expect(window.used('alice', start)).toBe(0);
    window.take('alice');
    now.value = start + 60_000;
    window.take('alice');
    window.giveBack('alice', start);
    expect(window.used('alice', start + 60_000)).toBe(1);
  });
});
