import { describe, expect, it } from 'vitest';
import { Cancellation } from './cancellation.js';

describe('Cancellation', () => {
  it('calls its listeners once with the first reason, and makes no signal unless asked', async () => {
    const cancellation = new Cancellation();
    const calls: string[] = [];
    const first = () => calls.push('first');
    const removed = () => calls.push('removed');
    cancellation.onAbort(first);
    cancellation.onAbort(removed);
    cancellation.offAbort(removed);
    expect([cancellation.aborted, cancellation.reason]).toStrictEqual([false, undefined]);
    cancellation.abort('gone');
    cancellation.abort('again');
    expect(calls).toStrictEqual(['first']);
    expect([cancellation.aborted, cancellation.reason]).toStrictEqual([true, 'gone']);
    expect((cancellation as unknown as { controller: unknown }).controller).toBeUndefined();
  });

  it('gives a signal that aborts with the same reason, whether asked for before or after the abort', () => {
    const before = new Cancellation();
    const signal = before.signal;
    const seen: unknown[] = [];
    signal.addEventListener('abort', () => seen.push(signal.reason));
    before.abort('gone');
    expect(seen).toStrictEqual(['gone']);
    const after = new Cancellation();
    after.abort('left');
    expect([after.signal.aborted, after.signal.reason]).toStrictEqual([true, 'left']);
    expect(after.signal).toBe(after.signal);
  });

  it("follows an in-process caller's own signal", () => {
    const controller = new AbortController();
    const cancellation = new Cancellation(controller.signal);
    const calls: string[] = [];
    const kept = () => calls.push('kept');
    const removed = () => calls.push('removed');
    cancellation.onAbort(kept);
    cancellation.onAbort(removed);
    cancellation.offAbort(removed);
    expect(cancellation.signal).toBe(controller.signal);
    controller.abort('stop');
    expect(calls).toStrictEqual(['kept']);
    expect([cancellation.aborted, cancellation.reason]).toStrictEqual([true, 'stop']);
  });
});
