import type { JSONSchemaType } from '@switchyard/core';

/** LiteLLM's strategy names, so a `router_settings.routing_strategy` value means the same here. */
export const routingStrategies = [
  'simple-shuffle',
  'least-busy',
  'usage-based-routing',
  'usage-based-routing-v2',
  'latency-based-routing',
  'cost-based-routing',
] as const;
export type RoutingStrategy = (typeof routingStrategies)[number];

/** LiteLLM's `routing_strategy_args` names for the arguments this plugin honours. */
export interface RoutingStrategyArgs {
  lowest_latency_buffer?: number;
  max_latency_list_size?: number;
}

export interface RouterOptions {
  routing_strategy?: RoutingStrategy;
  routing_strategy_args?: RoutingStrategyArgs;
  redis?: string;
  redis_prefix?: string;
  enable_pre_call_checks?: boolean;
}

// No defaults here on purpose: an option left out must stay absent so `router_settings` can supply it; the plugin
// fills the defaults after merging (router-settings.ts).
export const routerOptionsSchema: JSONSchemaType<RouterOptions> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    routing_strategy: {
      type: 'string',
      enum: [...routingStrategies],
      nullable: true,
      description:
        'How to choose among the deployments of a model name (default simple-shuffle; usage-based-routing-v2 is LiteLLM\'s name for usage-based-routing). Falls back to router_settings.routing_strategy.',
    },
    routing_strategy_args: {
      type: 'object',
      additionalProperties: false,
      nullable: true,
      description: 'Arguments of the strategy, with LiteLLM\'s names. Falls back to router_settings.routing_strategy_args.',
      properties: {
        lowest_latency_buffer: {
          type: 'number',
          minimum: 0,
          nullable: true,
          description: 'latency-based-routing: deployments within (1 + buffer) × the best latency share the load at random (default 0).',
        },
        max_latency_list_size: {
          type: 'integer',
          minimum: 1,
          nullable: true,
          description: 'latency-based-routing: how many recent attempts the moving average of each deployment covers (default 10).',
        },
      },
    },
    enable_pre_call_checks: {
      type: 'boolean',
      nullable: true,
      description:
        "Leave out deployments whose context window (model_info.max_input_tokens, else the model catalog's) is smaller than the prompt, counted with o200k_base. Falls back to router_settings.enable_pre_call_checks.",
    },
    redis: {
      type: 'string',
      pattern: '^rediss?://',
      nullable: true,
      description:
        'Redis URL (redis:// or rediss://) where in-flight counts, usage windows and latencies are shared by several gateway instances; in memory when unset. Falls back to router_settings.redis_url or redis_host/redis_port/redis_password.',
    },
    redis_prefix: {
      type: 'string',
      minLength: 1,
      nullable: true,
      description: 'Prefix of every Redis key this plugin writes (default "switchyard:router:").',
    },
  },
};
