/**
 * What each key of LiteLLM's config sections needs in Switchyard. Core implements a few; the rest belong to plugins.
 * When a config sets a key that no loaded plugin claims (PluginV1.litellmSettings), core loads the plugin named here if
 * it is installed, and otherwise reports the key by name: a `critical` key (one that would leave the gateway open or
 * unmetered if ignored) stops start-up, any other is a warning.
 */
export interface LitellmSettingNeed {
  /** Implemented by core itself. */
  core?: true;
  /** The plugin (YAML `use:` name) that implements it. */
  plugin?: string;
  critical?: true;
}

export const coreLitellmSettings: ReadonlySet<string> = new Set([
  'litellm_settings.drop_params',
  'litellm_settings.request_timeout',
  'litellm_settings.set_verbose',
  'litellm_settings.json_logs',
]);

export const litellmSettingNeeds: Readonly<Record<string, LitellmSettingNeed>> = {
  'general_settings.master_key': { plugin: 'auth-keys', critical: true },
  'general_settings.database_url': { plugin: 'auth-keys', critical: true },
  'general_settings.custom_auth': { plugin: 'auth-keys', critical: true },
  'general_settings.enforce_user_param': { plugin: 'auth-keys' },
  'general_settings.max_budget': { plugin: 'budgets', critical: true },
  'litellm_settings.max_budget': { plugin: 'budgets', critical: true },
  'litellm_settings.budget_duration': { plugin: 'budgets', critical: true },
  'litellm_settings.cache': { plugin: 'cache' },
  'litellm_settings.cache_params': { plugin: 'cache' },
  'litellm_settings.callbacks': { plugin: 'langfuse' },
  'litellm_settings.success_callback': { plugin: 'langfuse' },
  'litellm_settings.failure_callback': { plugin: 'langfuse' },
  'litellm_settings.num_retries': { plugin: 'fallback' },
  'litellm_settings.fallbacks': { plugin: 'fallback' },
  'litellm_settings.context_window_fallbacks': { plugin: 'fallback' },
  'litellm_settings.content_policy_fallbacks': { plugin: 'fallback' },
  'litellm_settings.default_fallbacks': { plugin: 'fallback' },
  'litellm_settings.allowed_fails': { plugin: 'fallback' },
  'litellm_settings.cooldown_time': { plugin: 'fallback' },
  'router_settings.routing_strategy': { plugin: 'router' },
  'router_settings.routing_strategy_args': { plugin: 'router' },
  'router_settings.redis_host': { plugin: 'router' },
  'router_settings.redis_port': { plugin: 'router' },
  'router_settings.redis_password': { plugin: 'router' },
  'router_settings.redis_url': { plugin: 'router' },
  'router_settings.enable_pre_call_checks': { plugin: 'router' },
  'router_settings.num_retries': { plugin: 'fallback' },
  'router_settings.retry_policy': { plugin: 'fallback' },
  'router_settings.allowed_fails': { plugin: 'fallback' },
  'router_settings.allowed_fails_policy': { plugin: 'fallback' },
  'router_settings.cooldown_time': { plugin: 'fallback' },
  'router_settings.timeout': { plugin: 'fallback' },
  'router_settings.stream_timeout': { plugin: 'fallback' },
  'router_settings.fallbacks': { plugin: 'fallback' },
  'router_settings.context_window_fallbacks': { plugin: 'fallback' },
  'router_settings.content_policy_fallbacks': { plugin: 'fallback' },
  'router_settings.default_fallbacks': { plugin: 'fallback' },
  'router_settings.retry_after': { plugin: 'fallback' },
};

/** The sections whose keys are checked one by one; other LiteLLM sections are reported whole when present. */
export const litellmKeyedSections = ['litellm_settings', 'router_settings', 'general_settings'] as const;

/** LiteLLM top-level sections Switchyard accepts but does not implement yet. */
export const unimplementedLitellmSections = [
  'guardrails', 'credential_list', 'callback_settings', 'mcp_servers', 'vector_store_registry', 'files_settings',
  'finetune_settings', 'assistant_settings', 'search_tools', 'include',
] as const;
