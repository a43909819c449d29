import type { Logger } from '@switchyard/core';
import type { createClient } from 'redis';
import type { CooldownStore } from './cooldown-store.js';

/**
 * Sets the cooldown only when it ends later than the one stored, in one step, so two instances cooling the same
 * deployment at once can never shorten each other's cooldown.
 */
const coolDownScript = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

/**
 * Failure counts and cooldowns in Redis, shared by every instance using the same URL and prefix. Key layout (see
 * docs/plugins/fallback.md):
 *   <prefix>fails:<deployment id>:<bucket>   integer, INCR; expires one window after the first failure
 *   <prefix>cooldown:<deployment id>         the cooldown's end in clock ms; expires when the cooldown ends
 */
export class RedisCooldownStore implements CooldownStore {
  // Created in connect(): node-redis is loaded only by a gateway configured to use Redis.
  private client!: ReturnType<typeof createClient>;
  private connected = false;

  constructor(
    private readonly url: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async connect(): Promise<void> {
    const { createClient } = await import('redis');
    const url = this.url;
    this.client = createClient({
      url,
      socket: {
        // node-redis retries the first connection forever, which would hang start-up; fail it instead, and retry
        // only a connection that once worked.
        reconnectStrategy: (retries: number, cause: Error) => (this.connected ? Math.min(retries * 100, 3000) : cause),
      },
    });
    // node-redis emits 'error' on every failed reconnect; without a listener Node would crash the process.
    this.client.on('error', (error: unknown) => this.logger.warn('fallback: Redis connection error', { error: String(error) }));
    await this.client.connect();
    this.connected = true;
  }

  async close(): Promise<void> {
    if (this.client?.isOpen) await this.client.close();
  }

  async recordFailure(deploymentId: string, bucket: string, _now: number, windowMs: number): Promise<number> {
    const key = `${this.prefix}fails:${deploymentId}:${bucket}`;
    // PEXPIRE NX arms the window at the first failure only; one MULTI keeps the counter and its expiry together.
    const [count] = await this.client.multi().incr(key).pExpire(key, windowMs, 'NX').exec();
    return Number(count);
  }

  async coolDown(deploymentId: string, until: number, now: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil(until - now));
    await this.client.eval(coolDownScript, { keys: [this.cooldownKey(deploymentId)], arguments: [String(until), String(ttl)] });
  }

  async coolingUntil(deploymentIds: readonly string[], now: number): Promise<Map<string, number>> {
    const cooling = new Map<string, number>();
    if (deploymentIds.length === 0) return cooling;
    const values = await this.client.mGet(deploymentIds.map((id) => this.cooldownKey(id)));
    values.forEach((value, index) => {
      const until = Number(value);
      if (value !== null && until > now) cooling.set(deploymentIds[index], until);
    });
    return cooling;
  }

  private cooldownKey(deploymentId: string): string {
    return `${this.prefix}cooldown:${deploymentId}`;
  }
}
