import type { PluginV1 } from '../plugin/plugin-spec.js';
import type { ProviderV1 } from '../provider/provider-spec.js';
import type { LogLevel } from '../log/logger.js';

/** `litellm_params` of a model_list entry: `model` plus connection settings plus default request params. */
export interface LitellmParams {
  /** `provider/model-id`; a bare id means `openai/`. */
  model: string;
  [param: string]: unknown;
}

export interface ModelListEntry {
  /** The public name clients ask for. Several entries may share one; `*` matches any text. */
  model_name: string;
  litellm_params: LitellmParams;
  model_info?: Record<string, unknown>;
  /** Switchyard's: skip this entry (with a log line) instead of failing when an `os.environ/` variable it names is unset. */
  optional?: boolean;
}

export interface PluginEntry {
  /** A package name (`budgets` tries `@switchyard/plugin-budgets`, then `switchyard-plugin-budgets`) or a path. */
  use: string;
  options?: Record<string, unknown>;
}

export interface ServerSettings {
  host?: string;
  port?: number;
  /** Largest request body accepted, in bytes (default 20 MiB); larger is a 413. */
  max_body_bytes?: number;
  /** Seconds a request body may take to arrive (default 30); slower is a 408. */
  body_timeout?: number;
  /** Seconds SIGTERM waits for in-flight requests before closing anyway (default 30). */
  drain_timeout?: number;
  log_level?: LogLevel;
  log_format?: 'text' | 'json';
}

/** The whole config, as the YAML file holds it. Keys are the same words in YAML, schema and type. */
export interface GatewayConfig {
  model_list: ModelListEntry[];
  /** Plugins in the order they apply; programmatic users may pass plugin objects. */
  plugins?: Array<PluginEntry | PluginV1>;
  /** Extra provider packages or paths (or provider objects); the prefixes of model_list find the rest. */
  providers?: Array<string | ProviderV1>;
  server?: ServerSettings;
  litellm_settings?: Record<string, unknown>;
  router_settings?: Record<string, unknown>;
  general_settings?: Record<string, unknown>;
  environment_variables?: Record<string, string>;
  [litellmSection: string]: unknown;
}
