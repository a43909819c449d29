import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { skipWithoutService } from '@switchyard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisCooldownStore } from '../src/redis-cooldown-store.js';
import { completion, deployment, faultyUpstream, hello, openAIError, runCleanups, silentLogger, startFaultGateway } from './fault-gateway.js';

const redisUrl = 'redis://127.0.0.1:6379';

// Outside CI a missing Redis skips these tests with the reason printed; in CI it fails them.
const skip = await skipWithoutService({ name: 'Redis', port: 6379 }, 'the shared-cooldown tests');

/** Deletes every key under the prefix, so a test leaves Redis as it found it. */
async function deleteKeys(prefix: string): Promise<void> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(keys);
  await client.close();
}

describe.skipIf(skip)('cooldowns shared through Redis', () => {
  const prefix = `switchyard:fallback:test:${randomUUID()}:`;
  afterEach(async () => {
    await runCleanups();
    await deleteKeys(prefix);
  });

  it('keeps a deployment that one instance cooled down out of the other instance too', async () => {
    const flaky = await faultyUpstream(openAIError(500, null, 'server_error'));
    const steady = await faultyUpstream(completion('from steady'));
    const config = { model_list: [deployment('gpt-4o', 'flaky', flaky), deployment('gpt-4o', 'steady', steady)] };
    const now = 1_800_000_000_000;
    const options = { plugin: { num_retries: 1, allowed_fails: 0, cooldown_time: 30, redis: redisUrl, key_prefix: prefix }, clock: { now: () => now } };
    const first = await startFaultGateway(config, options);
    const second = await startFaultGateway(config, options);
    await first.client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    const { response } = await second.client.chat.completions.create({ model: 'gpt-4o', messages: hello }).withResponse();
    expect([flaky.requests.length, response.headers.get('x-switchyard-deployment'), response.headers.get('x-switchyard-attempts')]).toEqual([1, 'steady', '1']);
  });

  it('never lets a shorter cooldown replace a longer one in Redis', async () => {
    const store = new RedisCooldownStore(redisUrl, prefix, silentLogger);
    await store.connect();
    try {
      await store.coolDown('gpt', 1_000 + 60_000, 1_000);
      await store.coolDown('gpt', 1_000 + 5_000, 1_000);
      expect(await store.coolingUntil(['gpt', 'other'], 1_000)).toEqual(new Map([['gpt', 61_000]]));
    } finally {
      await store.close();
    }
  });

  it('counts failures of one deployment across calls within the window', async () => {
    const store = new RedisCooldownStore(redisUrl, prefix, silentLogger);
    await store.connect();
    try {
      const counts = [await store.recordFailure('gpt', 'any', 0, 60_000), await store.recordFailure('gpt', 'any', 0, 60_000)];
      expect(counts).toEqual([1, 2]);
    } finally {
      await store.close();
    }
  });
});

describe('Redis at start-up', () => {
  afterEach(runCleanups);

  it('stops start-up when the Redis it names does not answer', async () => {
    const upstream = await faultyUpstream(completion('unused'));
    const config = { model_list: [deployment('gpt-4o', 'gpt', upstream)] };
    // Port 9 (discard) has no Redis on loopback: the connection is refused at once.
    const starting = startFaultGateway(config, { plugin: { redis: 'redis://127.0.0.1:9' } });
    await expect(starting).rejects.toThrow('start-up failed in ready: plugin fallback failed in ready: connect ECONNREFUSED 127.0.0.1:9');
  });
});
