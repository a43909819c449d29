import type { JSONSchemaType } from '@switchyard/core';

/** LiteLLM's error classes, the keys of `retry_policy` (`<class>Retries`) and `allowed_fails_policy` (`<class>AllowedFails`). */
export const errorClasses = [
  'BadRequestError',
  'AuthenticationError',
  'TimeoutError',
  'RateLimitError',
  'ContentPolicyViolationError',
  'InternalServerError',
] as const;
export type ErrorClass = (typeof errorClasses)[number] | 'ContextWindowExceededError';

export interface RetryPolicy {
  BadRequestErrorRetries?: number;
  AuthenticationErrorRetries?: number;
  TimeoutErrorRetries?: number;
  RateLimitErrorRetries?: number;
  ContentPolicyViolationErrorRetries?: number;
  InternalServerErrorRetries?: number;
}

export interface AllowedFailsPolicy {
  BadRequestErrorAllowedFails?: number;
  AuthenticationErrorAllowedFails?: number;
  TimeoutErrorAllowedFails?: number;
  RateLimitErrorAllowedFails?: number;
  ContentPolicyViolationErrorAllowedFails?: number;
  InternalServerErrorAllowedFails?: number;
}

/** `[{ 'gpt-4o': ['claude-sonnet', 'gemini-flash'] }]`: LiteLLM's shape, a list of one-key maps. */
export type FallbackMap = Array<Record<string, string[]>>;

/**
 * The plugin's options. The LiteLLM keys have no schema defaults on purpose: an option left out is taken from
 * `router_settings`, then `litellm_settings`, then the default in resolve-settings.ts, and a schema default would
 * always hide the config's value.
 */
export interface FallbackOptions {
  num_retries?: number;
  retry_policy?: RetryPolicy;
  retry_after?: number;
  allowed_fails?: number;
  allowed_fails_policy?: AllowedFailsPolicy;
  cooldown_time?: number;
  timeout?: number;
  stream_timeout?: number;
  fallbacks?: FallbackMap;
  context_window_fallbacks?: FallbackMap;
  content_policy_fallbacks?: FallbackMap;
  default_fallbacks?: string[];
  initial_retry_delay?: number;
  max_retry_delay?: number;
  redis?: string;
  key_prefix?: string;
}

const count = (description: string) => ({ type: 'integer', minimum: 0, nullable: true, description }) as const;
const seconds = (description: string) => ({ type: 'number', exclusiveMinimum: 0, nullable: true, description }) as const;

const fallbackMap = (description: string) =>
  ({
    type: 'array',
    nullable: true,
    description,
    items: {
      type: 'object',
      required: [],
      minProperties: 1,
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
  }) as const;

export const fallbackOptionsSchema: JSONSchemaType<FallbackOptions> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    num_retries: count('Retries of a failed call before its fallbacks are tried; each retry may pick another deployment of the model. Default 0.'),
    retry_policy: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      description: 'Retries per error class, replacing num_retries for that class (LiteLLM names). A 400 caused by the request is never retried.',
      properties: {
        BadRequestErrorRetries: count('Accepted for LiteLLM configs; a 400 caused by the request is never retried, so only 0 has an effect.'),
        AuthenticationErrorRetries: count('Retries after a 401 or 403 from the upstream.'),
        TimeoutErrorRetries: count('Retries after an upstream timeout (upstream_timeout, 408, 504).'),
        RateLimitErrorRetries: count('Retries after a 429.'),
        ContentPolicyViolationErrorRetries: count('Retries after a content-policy refusal (content_policy_violation, content_filter); num_retries does not apply to this class, so it is retried only when set here.'),
        InternalServerErrorRetries: count('Retries after a 5xx or a connection error (upstream_unreachable).'),
      },
    },
    retry_after: { type: 'number', minimum: 0, nullable: true, description: 'Seconds waited at least before any retry. Default 0.' },
    allowed_fails: count('Failures of one deployment within a minute that are tolerated; the next one cools it down. Default 3.'),
    allowed_fails_policy: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      description: 'allowed_fails per error class (LiteLLM names), each counted on its own.',
      properties: {
        BadRequestErrorAllowedFails: count('Accepted for LiteLLM configs; a 400 caused by the request never cools a deployment down.'),
        AuthenticationErrorAllowedFails: count('401/403 failures tolerated per minute; authentication errors cool down only when this is set.'),
        TimeoutErrorAllowedFails: count('Timeouts tolerated per minute.'),
        RateLimitErrorAllowedFails: count('429s tolerated per minute.'),
        ContentPolicyViolationErrorAllowedFails: count('Accepted for LiteLLM configs; a content-policy refusal is caused by the request and never cools a deployment down.'),
        InternalServerErrorAllowedFails: count('5xx and connection errors tolerated per minute.'),
      },
    },
    cooldown_time: seconds('Seconds a deployment stays out of rotation once cooled down. Default 5.'),
    timeout: seconds('Seconds for the whole call, every retry and fallback included; past it the answer is 504 upstream_timeout. Unset: no bound beyond each deployment\'s own timeout.'),
    stream_timeout: seconds('Seconds until the first chunk of a streamed answer, every retry and fallback included. Unset: timeout applies.'),
    fallbacks: fallbackMap('Models to try, in order, when a model keeps failing: [{"gpt-4o": ["claude-sonnet", "gemini-flash"]}].'),
    context_window_fallbacks: fallbackMap('Models to try when the upstream refuses the request as too long (code context_length_exceeded).'),
    content_policy_fallbacks: fallbackMap('Models to try when the upstream refuses on content policy (code content_policy_violation or content_filter).'),
    default_fallbacks: { type: 'array', nullable: true, items: { type: 'string', minLength: 1 }, description: 'Fallback models for every model that has no entry in fallbacks.' },
    initial_retry_delay: { type: 'number', minimum: 0, nullable: true, default: 0.5, description: 'Seconds of the first backoff ceiling; it doubles per retry, and the wait is a random fraction of it (full jitter).' },
    max_retry_delay: { type: 'number', minimum: 0, nullable: true, default: 8, description: 'Largest backoff ceiling in seconds.' },
    redis: { type: 'string', nullable: true, minLength: 1, description: 'Redis URL (redis://host:6379) where failure counts and cooldowns are shared by every instance. Unset: router_settings.redis_url / redis_host, else memory.' },
    key_prefix: { type: 'string', nullable: true, minLength: 1, default: 'switchyard:fallback:', description: 'Prefix of every Redis key this plugin writes.' },
  },
};
