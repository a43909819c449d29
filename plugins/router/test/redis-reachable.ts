import { connect } from 'node:net';
import { createClient } from 'redis';

export const redisUrl = 'redis://127.0.0.1:6379';

/** Whether something accepts connections on Redis's port. */
export async function redisReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(6379, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Whether Redis tests should skip: only outside CI, with the reason printed. In CI Redis is a required service, so the
 * tests run anyway and a missing Redis fails them loudly instead of skipping quietly.
 */
export async function skipWithoutRedis(what: string): Promise<boolean> {
  const skip = !(await redisReachable()) && process.env.CI === undefined;
  if (skip) console.log(`Skipping ${what}: nothing listens on 127.0.0.1:6379 and CI is not set.`);
  return skip;
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
