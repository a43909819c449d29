import { randomUUID } from 'node:crypto';
import type { Logger } from '@switchyard/core';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteKeys, redisUrl, skipWithoutRedis } from '../test/redis-reachable.js';
import { describeRoutingState } from '../test/routing-state-suite.js';
import { RedisRoutingState } from './redis-routing-state.js';

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const skip = await skipWithoutRedis('the RedisRoutingState conformance tests');
const prefixes: string[] = [];
afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(prefix);
});

describeRoutingState(
  'RedisRoutingState',
  async (latencyWindow) => {
    // A fresh prefix per store, so each test starts from empty counters.
    const prefix = `switchyard-test:${randomUUID()}:`;
    prefixes.push(prefix);
    const state = new RedisRoutingState(redisUrl, prefix, { inFlight: true, usage: true, latency: true }, latencyWindow, silent);
    await state.connect();
    return state;
  },
  { skip },
);

describe.skipIf(skip)('RedisRoutingState shared by two instances', () => {
  it('admits exactly the rpm limit when two instances race for the last requests of a minute', async () => {
    const prefix = `switchyard-test:${randomUUID()}:`;
    prefixes.push(prefix);
    const tracked = { inFlight: true, usage: true, latency: false };
    const first = new RedisRoutingState(redisUrl, prefix, tracked, 10, silent);
    const second = new RedisRoutingState(redisUrl, prefix, tracked, 10, silent);
    await Promise.all([first.connect(), second.connect()]);
    try {
      const now = 700 * 60_000;
      // 40 attempts in flight at once, half from each instance, against a limit of 15.
      const admitted = await Promise.all(Array.from({ length: 40 }, (_unused, index) => (index % 2 === 0 ? first : second).attemptStarted('shared', now, 15)));
      expect([admitted.filter(Boolean).length, (await first.read(['shared'], now)).get('shared')?.requests]).toEqual([15, 15]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
