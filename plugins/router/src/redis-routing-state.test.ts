import { randomUUID } from 'node:crypto';
import type { Logger } from '@switchyard/core';
import { afterAll } from 'vitest';
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
