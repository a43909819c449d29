import type { GatewayConfig } from '@switchyard/core';
import type { AllowedFailsPolicy, FallbackMap, FallbackOptions, RetryPolicy } from './options-schema.js';

/** The LiteLLM keys this plugin implements, in both sections that may hold them. */
export const fallbackSettingKeys = [
  'num_retries',
  'retry_policy',
  'allowed_fails',
  'allowed_fails_policy',
  'cooldown_time',
  'timeout',
  'stream_timeout',
  'fallbacks',
  'context_window_fallbacks',
  'content_policy_fallbacks',
  'default_fallbacks',
  'retry_after',
] as const;

export const claimedLitellmSettings: readonly string[] = fallbackSettingKeys.flatMap((key) => [`router_settings.${key}`, `litellm_settings.${key}`]);

/** Every setting with its final value: the plugin's option, else router_settings, else litellm_settings, else the default. */
export interface FallbackSettings {
  num_retries: number;
  retry_policy: RetryPolicy;
  retry_after: number;
  allowed_fails: number;
  allowed_fails_policy: AllowedFailsPolicy;
  cooldown_time: number;
  timeout?: number;
  stream_timeout?: number;
  fallbacks: ReadonlyMap<string, readonly string[]>;
  context_window_fallbacks: ReadonlyMap<string, readonly string[]>;
  content_policy_fallbacks: ReadonlyMap<string, readonly string[]>;
  default_fallbacks: readonly string[];
  initial_retry_delay: number;
  max_retry_delay: number;
  redis?: string;
  key_prefix: string;
}

/** LiteLLM's own defaults (litellm/constants.py), so a LiteLLM config behaves as it did there. */
const defaults = { num_retries: 0, retry_after: 0, allowed_fails: 3, cooldown_time: 5 };

/**
 * Merges the native options with the LiteLLM sections. A LiteLLM value is checked here, since core validates only
 * the plugin's own options; a wrong type stops start-up with the dotted key named.
 */
export function resolveSettings(options: FallbackOptions, config: Readonly<GatewayConfig>): FallbackSettings {
  const problems: string[] = [];
  const pick = <T>(key: (typeof fallbackSettingKeys)[number], check: (value: unknown) => value is T): T | undefined => {
    if (options[key] !== undefined) return options[key] as T;
    for (const section of ['router_settings', 'litellm_settings'] as const) {
      const value = config[section]?.[key];
      if (value === undefined || value === null) continue;
      if (!check(value)) {
        problems.push(`${section}.${key}: has the wrong type`);
        return undefined;
      }
      return value;
    }
    return undefined;
  };
  const settings: FallbackSettings = {
    num_retries: pick('num_retries', isCount) ?? defaults.num_retries,
    retry_policy: pick('retry_policy', isCountMap) ?? {},
    retry_after: pick('retry_after', isSeconds) ?? defaults.retry_after,
    allowed_fails: pick('allowed_fails', isCount) ?? defaults.allowed_fails,
    allowed_fails_policy: pick('allowed_fails_policy', isCountMap) ?? {},
    cooldown_time: pick('cooldown_time', isSeconds) ?? defaults.cooldown_time,
    timeout: pick('timeout', isSeconds),
    stream_timeout: pick('stream_timeout', isSeconds),
    fallbacks: toMap(pick('fallbacks', isFallbackMap)),
    context_window_fallbacks: toMap(pick('context_window_fallbacks', isFallbackMap)),
    content_policy_fallbacks: toMap(pick('content_policy_fallbacks', isFallbackMap)),
    default_fallbacks: pick('default_fallbacks', isNameList) ?? [],
    initial_retry_delay: options.initial_retry_delay ?? 0.5,
    max_retry_delay: options.max_retry_delay ?? 8,
    redis: options.redis ?? redisUrlFrom(config.router_settings),
    key_prefix: options.key_prefix ?? 'switchyard:fallback:',
  };
  if (problems.length > 0) throw new Error(problems.join('; '));
  return settings;
}

/** LiteLLM's router takes either redis_url or host/port/password; the router plugin reads the same keys. */
function redisUrlFrom(section: Record<string, unknown> | undefined): string | undefined {
  if (!section) return undefined;
  if (typeof section.redis_url === 'string') return section.redis_url;
  if (typeof section.redis_host !== 'string') return undefined;
  const password = typeof section.redis_password === 'string' ? `:${encodeURIComponent(section.redis_password)}@` : '';
  return `redis://${password}${section.redis_host}:${Number(section.redis_port ?? 6379)}`;
}

function toMap(list: FallbackMap | undefined): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, readonly string[]>();
  for (const entry of list ?? []) for (const [model, targets] of Object.entries(entry)) map.set(model, targets);
  return map;
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isSeconds = (value: unknown): value is number => typeof value === 'number' && value >= 0;
const isNameList = (value: unknown): value is string[] => Array.isArray(value) && value.every((name) => typeof name === 'string');
const isCountMap = (value: unknown): value is Record<string, number> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isCount);
const isFallbackMap = (value: unknown): value is FallbackMap =>
  Array.isArray(value) && value.every((entry) => isCountMapShape(entry) && Object.values(entry).every(isNameList));
const isCountMapShape = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
