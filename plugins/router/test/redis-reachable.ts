import { skipWithoutService } from '@switchyard/core/testing';
import { createClient } from 'redis';

export const redisUrl = 'redis://127.0.0.1:6379';

/** Whether Redis tests should skip: only outside CI, with the reason printed (core's testing helper decides). */
export function skipWithoutRedis(what: string): Promise<boolean> {
  return skipWithoutService({ name: 'Redis', port: 6379 }, what);
}

/** Removes every key a test wrote under its own prefix, so runs never see each other's counters. */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = await createClient({ url: redisUrl }).connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) if (keys.length > 0) await client.del(keys);
  } finally {
    await client.close();
  }
}

/** Every key under a prefix, sorted. */
export async function keysUnder(prefix: string): Promise<string[]> {
  const client = await createClient({ url: redisUrl }).connect();
  const keys: string[] = [];
  try {
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*` })) keys.push(...batch);
  } finally {
    await client.close();
  }
  return keys.sort();
}
