import { ConfigError, type Logger } from '@switchyard/core';
import type { createClient } from 'redis';
import { average } from './memory-routing-state.js';
import { minuteMs, minuteOf, type DeploymentLoad, type RoutingState, type TrackedLoad } from './routing-state.js';

/**
 * A safety net for the in-flight counter: an instance that dies mid-request never decrements, so the key expires this
 * long after the latest increment instead of keeping a phantom load forever.
 */
const inFlightTtlSeconds = 600;
/** A usage window is read for one minute; it is kept one more so a slow clock on another instance still finds it. */
const usageTtlSeconds = 2 * (minuteMs / 1000);
/** Latencies of a deployment nobody called for an hour are stale. */
const latencyTtlSeconds = 3600;

/** KEYS: this minute's requests, in-flight. ARGV: rpm limit, usage TTL, in-flight TTL, whether in-flight is tracked. */
const admitScript = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if ARGV[4] == '1' then
  redis.call('INCR', KEYS[2])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
return 1
`;

/**
 * The router's counters in Redis, shared by every gateway instance using the same URL and prefix. Key layout (see
 * docs/plugins/router.md):
 *   <prefix>in-flight:<deployment id>                  integer, INCR / DECR
 *   <prefix>requests:<deployment id>:<minute>          integer, INCR, expires after two minutes
 *   <prefix>tokens:<deployment id>:<minute>            integer, INCRBY, expires after two minutes
 *   <prefix>latency:<deployment id>                    list of the latest latencies (ms), LPUSH + LTRIM
 * Only the counters the strategy tracks are written or read.
 */
export class RedisRoutingState implements RoutingState {
  // Created in connect(): node-redis is loaded only by a gateway configured to use Redis.
  private client!: ReturnType<typeof createClient>;
  private readonly where: string;
  private connected = false;

  constructor(
    private readonly url: string,
    private readonly prefix: string,
    private readonly tracked: TrackedLoad,
    private readonly latencyWindow: number,
    private readonly logger: Logger,
  ) {
    this.where = redisAddress(url);
  }

  async connect(): Promise<void> {
    const { createClient } = await import('redis');
    const url = this.url;
    this.client = createClient({
      url,
      socket: {
        // Before the first connection, give up at once so a wrong URL stops start-up instead of hanging it (node-redis
        // would otherwise retry forever); once connected, reconnect with a capped backoff.
        reconnectStrategy: (retries: number, cause: Error) => (this.connected ? Math.min(100 * 2 ** retries, 3000) : cause),
      },
    });
    // node-redis emits 'error' on every failed reconnect; without a listener Node would crash the process.
    this.client.on('error', (error: unknown) => this.logger.warn('router: Redis connection error', { error: String(error) }));
    try {
      await this.client.connect();
    } catch (error) {
      // The URL may carry a password: name only the host and port.
      throw new ConfigError(`router: cannot connect to Redis at ${this.where}: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    this.connected = true;
  }

  async close(): Promise<void> {
    if (this.client?.isOpen) await this.client.close();
  }

  async attemptStarted(deploymentId: string, now: number, rpmLimit?: number): Promise<boolean> {
    if (rpmLimit !== undefined && this.tracked.usage) {
      // Check and count in one script: a read then an INCR would let two instances take the same last request.
      const admitted = await this.client.eval(admitScript, {
        keys: [this.requestsKey(deploymentId, minuteOf(now)), this.inFlightKey(deploymentId)],
        arguments: [String(rpmLimit), String(usageTtlSeconds), String(inFlightTtlSeconds), this.tracked.inFlight ? '1' : '0'],
      });
      return Number(admitted) === 1;
    }
    // One MULTI: one round trip, and the counter and its expiry can never be separated by a crash.
    const transaction = this.client.multi();
    if (this.tracked.inFlight) transaction.incr(this.inFlightKey(deploymentId)).expire(this.inFlightKey(deploymentId), inFlightTtlSeconds);
    if (this.tracked.usage) {
      const key = this.requestsKey(deploymentId, minuteOf(now));
      transaction.incr(key).expire(key, usageTtlSeconds);
    }
    await transaction.exec();
    return true;
  }

  attemptEnded(deploymentId: string): void {
    if (!this.tracked.inFlight) return;
    this.background(this.client.decr(this.inFlightKey(deploymentId)));
  }

  tokensUsed(deploymentId: string, tokens: number, now: number): void {
    if (!this.tracked.usage) return;
    const key = this.tokensKey(deploymentId, minuteOf(now));
    this.background(this.client.multi().incrBy(key, tokens).expire(key, usageTtlSeconds).exec());
  }

  latencyMeasured(deploymentId: string, latencyMs: number): void {
    if (!this.tracked.latency) return;
    const key = this.latencyKey(deploymentId);
    this.background(
      this.client.multi().lPush(key, String(latencyMs)).lTrim(key, 0, this.latencyWindow - 1).expire(key, latencyTtlSeconds).exec(),
    );
  }

  async read(deploymentIds: readonly string[], now: number): Promise<Map<string, DeploymentLoad>> {
    const minute = minuteOf(now);
    // One pipeline for every candidate: the only round trip a routing decision waits for.
    const pipeline = this.client.multi();
    for (const id of deploymentIds) {
      if (this.tracked.inFlight) pipeline.get(this.inFlightKey(id));
      if (this.tracked.usage) pipeline.get(this.requestsKey(id, minute)).get(this.tokensKey(id, minute));
      if (this.tracked.latency) pipeline.lRange(this.latencyKey(id), 0, -1);
    }
    const replies = (await pipeline.execAsPipeline()) as unknown[];
    const loads = new Map<string, DeploymentLoad>();
    let index = 0;
    for (const id of deploymentIds) {
      // An in-flight key that expired under a live request decrements below zero; that is no load, not negative load.
      const inFlight = this.tracked.inFlight ? Math.max(0, integer(replies[index++])) : 0;
      const requests = this.tracked.usage ? integer(replies[index++]) : 0;
      const tokens = this.tracked.usage ? integer(replies[index++]) : 0;
      const latencies = this.tracked.latency ? (replies[index++] as string[]).map(Number) : [];
      loads.set(id, { inFlight, requests, tokens, ...(latencies.length === 0 ? {} : { latencyMs: average(latencies) }) });
    }
    return loads;
  }

  private background(write: Promise<unknown>): void {
    write.catch((error: unknown) => this.logger.warn('router: Redis write failed', { error: String(error) }));
  }

  private inFlightKey(id: string): string {
    return `${this.prefix}in-flight:${id}`;
  }

  private requestsKey(id: string, minute: number): string {
    return `${this.prefix}requests:${id}:${minute}`;
  }

  private tokensKey(id: string, minute: number): string {
    return `${this.prefix}tokens:${id}:${minute}`;
  }

  private latencyKey(id: string): string {
    return `${this.prefix}latency:${id}`;
  }
}

/** host:port of a Redis URL, without its credentials, for messages. */
function redisAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port === '' ? '6379' : parsed.port}`;
}

function integer(reply: unknown): number {
  return reply === null || reply === undefined ? 0 : Number(reply);
}
