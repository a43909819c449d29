import { ConfigError, type GatewayConfig, type Logger } from '@switchyard/core';
import { routingStrategies, type RouterOptions, type RoutingStrategy } from './options-schema.js';

/** The strategies after LiteLLM's alias is resolved: one name per behaviour inside the plugin. */
export type Strategy = Exclude<RoutingStrategy, 'usage-based-routing-v2'>;

/** What the plugin runs with: its options merged over `router_settings`, defaults filled in. */
export interface RouterSettings {
  strategy: Strategy;
  latencyBuffer: number;
  latencyWindow: number;
  redisUrl?: string;
  redisPrefix: string;
}

export const defaultRedisPrefix = 'switchyard:router:';
const defaultLatencyWindow = 10;

/**
 * Merges the plugin's own options over LiteLLM's `router_settings` (native options win, key by key), so a LiteLLM
 * config loaded unchanged routes the same way. A router_settings value this plugin cannot honour fails start-up
 * rather than being silently ignored.
 */
export function resolveRouterSettings(options: RouterOptions, config: Readonly<GatewayConfig>, logger: Logger): RouterSettings {
  const litellm = config.router_settings ?? {};
  const strategy = options.routing_strategy ?? litellmStrategy(litellm.routing_strategy);
  const args = { ...litellmStrategyArgs(litellm.routing_strategy_args, logger), ...options.routing_strategy_args };
  const redisUrl = options.redis ?? litellmRedisUrl(litellm);
  return {
    strategy: strategy === 'usage-based-routing-v2' ? 'usage-based-routing' : strategy,
    latencyBuffer: args.lowest_latency_buffer ?? 0,
    latencyWindow: args.max_latency_list_size ?? defaultLatencyWindow,
    ...(redisUrl === undefined ? {} : { redisUrl }),
    redisPrefix: options.redis_prefix ?? defaultRedisPrefix,
  };
}

function litellmStrategy(value: unknown): RoutingStrategy {
  if (value === undefined || value === null) return 'simple-shuffle';
  if (typeof value === 'string' && (routingStrategies as readonly string[]).includes(value)) return value as RoutingStrategy;
  throw new ConfigError(`router_settings.routing_strategy: must be one of ${routingStrategies.join(', ')}`);
}

function litellmStrategyArgs(value: unknown, logger: Logger): { lowest_latency_buffer?: number; max_latency_list_size?: number } {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError('router_settings.routing_strategy_args: must be an object');
  const args: { lowest_latency_buffer?: number; max_latency_list_size?: number } = {};
  for (const [key, argument] of Object.entries(value)) {
    if (key === 'lowest_latency_buffer') {
      if (typeof argument !== 'number' || argument < 0) throw new ConfigError('router_settings.routing_strategy_args.lowest_latency_buffer: must be a number >= 0');
      args.lowest_latency_buffer = argument;
    } else if (key === 'max_latency_list_size') {
      if (!Number.isInteger(argument) || (argument as number) < 1) throw new ConfigError('router_settings.routing_strategy_args.max_latency_list_size: must be an integer >= 1');
      args.max_latency_list_size = argument as number;
    } else {
      // LiteLLM's `ttl` and the like: a warning, because ignoring them changes no routing decision's safety.
      logger.warn(`router_settings.routing_strategy_args.${key} is not implemented by Switchyard and is ignored`);
    }
  }
  return args;
}

/** LiteLLM accepts either `redis_url` or host/port/password; both end up as one URL here. */
function litellmRedisUrl(settings: Record<string, unknown>): string | undefined {
  if (typeof settings.redis_url === 'string') return settings.redis_url;
  if (settings.redis_host === undefined) return undefined;
  const host = String(settings.redis_host);
  const port = settings.redis_port === undefined ? 6379 : Number(settings.redis_port);
  const password = settings.redis_password === undefined ? '' : `:${encodeURIComponent(String(settings.redis_password))}@`;
  return `redis://${password}${host}:${port}`;
}
