import { describe, expect, it } from 'vitest';
import type { RoutingState } from '../src/routing-state.js';

const minute = 60_000;
const start = 500 * minute;

/**
 * The behaviour every RoutingState store must share, run against the memory store and the Redis one alike, so the
 * strategy sees the same numbers whichever store holds them. `create` builds a store tracking every counter.
 */
export function describeRoutingState(name: string, create: (latencyWindow: number) => Promise<RoutingState>, options: { skip?: boolean } = {}): void {
  describe.skipIf(options.skip === true)(`${name} (RoutingState conformance)`, () => {
    async function using<T>(latencyWindow: number, run: (state: RoutingState) => Promise<T>): Promise<T> {
      const state = await create(latencyWindow);
      try {
        return await run(state);
      } finally {
        await state.close();
      }
    }
    // Writes that return nothing are fire-and-forget; a read on the same store must still see them.
    it('counts an attempt in flight until it ended', async () => {
      const load = await using(10, async (state) => {
        await state.attemptStarted('a', start);
        await state.attemptStarted('a', start);
        state.attemptEnded('a');
        return (await state.read(['a'], start)).get('a');
      });
      expect(load?.inFlight).toBe(1);
    });

    it('counts requests and tokens within the current clock minute', async () => {
      const load = await using(10, async (state) => {
        await state.attemptStarted('a', start + 1_000);
        state.tokensUsed('a', 42, start + 2_000);
        return (await state.read(['a'], start + 59_999)).get('a');
      });
      expect(load).toEqual({ inFlight: 1, requests: 1, tokens: 42 });
    });

    it('refuses, and counts nothing, an attempt past the rpm limit of the minute', async () => {
      const result = await using(10, async (state) => {
        const admitted = [await state.attemptStarted('a', start, 2), await state.attemptStarted('a', start, 2), await state.attemptStarted('a', start, 2)];
        return { admitted, load: (await state.read(['a'], start)).get('a') };
      });
      expect(result).toEqual({ admitted: [true, true, false], load: { inFlight: 2, requests: 2, tokens: 0 } });
    });

    it('admits again under the rpm limit in the next minute', async () => {
      const admitted = await using(10, async (state) => [await state.attemptStarted('a', start, 1), await state.attemptStarted('a', start, 1), await state.attemptStarted('a', start + minute, 1)]);
      expect(admitted).toEqual([true, false, true]);
    });

    it('starts usage afresh in the next minute', async () => {
      const load = await using(10, async (state) => {
        await state.attemptStarted('a', start);
        state.tokensUsed('a', 42, start);
        return (await state.read(['a'], start + minute)).get('a');
      });
      expect([load?.requests, load?.tokens]).toEqual([0, 0]);
    });

    it('averages only the latest max_latency_list_size latencies', async () => {
      const load = await using(2, async (state) => {
        for (const latency of [1000, 100, 300]) state.latencyMeasured('a', latency);
        return (await state.read(['a'], start)).get('a');
      });
      expect(load?.latencyMs).toBe(200);
    });

    it('reports zero counts and no latency for a deployment never seen', async () => {
      const load = await using(2, async (state) => (await state.read(['a'], start)).get('a'));
      expect(load).toEqual({ inFlight: 0, requests: 0, tokens: 0 });
    });

    it('reads several deployments at once, each with its own counts', async () => {
      const loads = await using(10, async (state) => {
        await state.attemptStarted('a', start);
        state.latencyMeasured('b', 50);
        return await state.read(['a', 'b'], start);
      });
      expect([...loads.entries()]).toEqual([
        ['a', { inFlight: 1, requests: 1, tokens: 0 }],
        ['b', { inFlight: 0, requests: 0, tokens: 0, latencyMs: 50 }],
      ]);
    });
  });
}
