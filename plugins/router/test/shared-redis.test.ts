import { randomUUID } from 'node:crypto';
import { createGateway, type Logger } from '@switchyard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { router } from '../src/index.js';
import { ask, mockDeployment, openStream, serve, stop, type Served } from './gateway-harness.js';
import { deleteKeys, keysUnder, redisUrl, skipWithoutRedis } from './redis-reachable.js';

const minute = 60_000;
/** Aborting a stream on purpose is logged by core as a failed request; these tests need no such lines. */
const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const skip = await skipWithoutRedis('the shared-Redis router tests');

describe.skipIf(skip)('two gateway instances sharing Redis', () => {
  const instances: Served[] = [];
  let prefix = '';
  afterEach(async () => {
    await Promise.all(instances.splice(0).map(stop));
    await deleteKeys(prefix);
  });

  async function instance(clock: { now: () => number }): Promise<Served> {
    const gateway = await createGateway(
      {
        model_list: [mockDeployment('limited', { rpm: 1, order: 1 }), mockDeployment('spare', { order: 2 })],
        plugins: [router({ routing_strategy: 'usage-based-routing', redis: redisUrl, redis_prefix: prefix })],
      },
      { clock },
    );
    const served = await serve(gateway);
    instances.push(served);
    return served;
  }

  it('sees the rpm limit one instance used up from the other', async () => {
    prefix = `switchyard-test:${randomUUID()}:`;
    const clock = { now: () => 9_000 * minute };
    const first = await instance(clock);
    const second = await instance(clock);
    expect([await ask(first.client), await ask(second.client)]).toEqual(['answered by limited', 'answered by spare']);
  });

  it('keeps this minute\'s request and token counts under the configured prefix', async () => {
    prefix = `switchyard-test:${randomUUID()}:`;
    const served = await instance({ now: () => 9_000 * minute });
    await ask(served.client);
    // Closing the gateway closes its Redis client gracefully, so the token count written after the answer has landed.
    await stop(instances.pop()!);
    expect(await keysUnder(prefix)).toEqual([`${prefix}requests:limited:9000`, `${prefix}tokens:limited:9000`]);
  });

  it('sees a request in flight on one instance from the other (least-busy)', async () => {
    prefix = `switchyard-test:${randomUUID()}:`;
    const slow = { mock_chunk_delay_ms: 60_000 };
    const start = async () => {
      const gateway = await createGateway(
        {
          model_list: [mockDeployment('left', slow), mockDeployment('right', slow)],
          plugins: [router({ routing_strategy: 'least-busy', redis: redisUrl, redis_prefix: prefix })],
        },
        { logger: silent },
      );
      const served = await serve(gateway);
      instances.push(served);
      return served;
    };
    const first = await start();
    const second = await start();
    const held = await openStream(first.client);
    const next = await openStream(second.client);
    held.abort();
    next.abort();
    expect([held.model, next.model].sort()).toEqual(['left', 'right']);
  });
});
