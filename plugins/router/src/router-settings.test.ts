import type { GatewayConfig, Logger } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { resolveRouterSettings } from './router-settings.js';

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const ignore = () => undefined;
  return { warnings, debug: ignore, info: ignore, warn: (message) => void warnings.push(message), error: ignore };
}
const config = (router_settings?: Record<string, unknown>): GatewayConfig => ({ model_list: [], ...(router_settings ? { router_settings } : {}) });

describe('resolveRouterSettings', () => {
  it('defaults to simple-shuffle in memory', () => {
    expect(resolveRouterSettings({}, config(), recordingLogger())).toEqual({ strategy: 'simple-shuffle', latencyBuffer: 0, latencyWindow: 10, redisPrefix: 'switchyard:router:' });
  });

  it('reads the strategy and its args from router_settings', () => {
    const settings = resolveRouterSettings({}, config({ routing_strategy: 'latency-based-routing', routing_strategy_args: { lowest_latency_buffer: 0.5, max_latency_list_size: 4 } }), recordingLogger());
    expect([settings.strategy, settings.latencyBuffer, settings.latencyWindow]).toEqual(['latency-based-routing', 0.5, 4]);
  });

  it('lets the plugin options win over router_settings', () => {
    const settings = resolveRouterSettings({ routing_strategy: 'least-busy' }, config({ routing_strategy: 'cost-based-routing' }), recordingLogger());
    expect(settings.strategy).toBe('least-busy');
  });

  it('treats usage-based-routing-v2 as usage-based-routing', () => {
    expect(resolveRouterSettings({}, config({ routing_strategy: 'usage-based-routing-v2' }), recordingLogger()).strategy).toBe('usage-based-routing');
  });

  it('builds the Redis URL from redis_host, redis_port and redis_password', () => {
    const settings = resolveRouterSettings({}, config({ redis_host: 'cache.internal', redis_port: 6380, redis_password: 'p@ss' }), recordingLogger());
    expect(settings.redisUrl).toBe('redis://:p%40ss@cache.internal:6380');
  });

  it('takes router_settings.redis_url as it is', () => {
    expect(resolveRouterSettings({}, config({ redis_url: 'redis://127.0.0.1:6379' }), recordingLogger()).redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('refuses an unknown router_settings.routing_strategy at start-up', () => {
    expect(() => resolveRouterSettings({}, config({ routing_strategy: 'round-robin' }), recordingLogger())).toThrow(
      'router_settings.routing_strategy: must be one of simple-shuffle, least-busy, usage-based-routing, usage-based-routing-v2, latency-based-routing, cost-based-routing',
    );
  });

  it('warns about a routing_strategy_args key it does not implement', () => {
    const logger = recordingLogger();
    resolveRouterSettings({}, config({ routing_strategy_args: { ttl: 3600 } }), logger);
    expect(logger.warnings).toEqual(['router_settings.routing_strategy_args.ttl is not implemented by Switchyard and is ignored']);
  });
});
