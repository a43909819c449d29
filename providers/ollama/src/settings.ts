import { deploymentHeaders, type Deployment } from '@switchyard/core';

/*
 * Where a deployment's Ollama server is, how to authenticate to it, and the Ollama-only settings written in its
 * litellm_params. A local server needs no key; ollama.com's hosted API takes `Authorization: Bearer <key>`.
 * @see https://docs.ollama.com/api/authentication
 * @see https://docs.ollama.com/faq#how-do-i-configure-ollama-server (OLLAMA_HOST)
 */

export type Environment = Readonly<Record<string, string | undefined>>;

export type KeepAlive = string | number;

/** What one deployment needs for every call: resolved once, then reused. */
export interface OllamaSettings {
  /** The server's base URL without a trailing slash; `/api/chat`, `/api/embed` and `/api/tags` are appended. */
  readonly baseUrl: string;
  /** The base URL with any credentials and query removed, for messages a user may read. */
  readonly displayUrl: string;
  readonly apiKey: string | undefined;
  /** Every upstream header except content-type, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Ollama runtime options set for the deployment (`num_ctx: 8192`), sent in `options` on every call. */
  readonly options: Readonly<Record<string, number | boolean>>;
  /** The deployment's `keep_alive`, unless a request gives its own. */
  readonly keepAlive: KeepAlive | undefined;
}

export const defaultOllamaBase = 'http://localhost:11434';

/**
 * Ollama runtime options that have no OpenAI request param, so a deployment (litellm_params) or a request (as an
 * extra body field) may set them by their Ollama names. Options that do have one (temperature, top_p, seed, stop,
 * num_predict, presence_penalty, frequency_penalty) are set through the OpenAI param.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-request-with-options
 */
export const ollamaOptionTypes: Readonly<Record<string, 'number' | 'integer' | 'boolean'>> = Object.freeze({
  num_ctx: 'integer',
  num_keep: 'integer',
  num_batch: 'integer',
  num_gpu: 'integer',
  main_gpu: 'integer',
  num_thread: 'integer',
  top_k: 'integer',
  min_p: 'number',
  typical_p: 'number',
  repeat_last_n: 'integer',
  repeat_penalty: 'number',
  penalize_newline: 'boolean',
  numa: 'boolean',
  use_mmap: 'boolean',
});

const resolved = new WeakMap<Deployment, OllamaSettings>();

/** The settings of a deployment, resolved on first use against process.env and cached. */
export function readOllamaSettings(deployment: Deployment): OllamaSettings {
  let settings = resolved.get(deployment);
  if (settings === undefined) {
    settings = resolveOllamaSettings(deployment, process.env);
    resolved.set(deployment, settings);
  }
  return settings;
}

/**
 * Resolves base URL, key, headers and Ollama settings. The base URL is `api_base`, else `OLLAMA_API_BASE` (what
 * LiteLLM reads), else `OLLAMA_HOST` (what Ollama's own CLI and SDKs read), else http://localhost:11434. The key is
 * `api_key`, else `OLLAMA_API_KEY`. Throws a message naming the mistake; at boot it becomes a ConfigError line.
 */
export function resolveOllamaSettings(deployment: Deployment, environment: Environment): OllamaSettings {
  const configured = nonEmpty(deployment.api_base) ?? nonEmpty(environment.OLLAMA_API_BASE);
  const base = configured ?? hostToUrl(nonEmpty(environment.OLLAMA_HOST)) ?? defaultOllamaBase;
  const source = nonEmpty(deployment.api_base) !== undefined ? 'litellm_params.api_base' : configured !== undefined ? 'OLLAMA_API_BASE' : 'OLLAMA_HOST';
  const baseUrl = base.trim().replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new Error(`${source} is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${source} must be an http or https URL, got ${parsed.protocol}`);
  // LiteLLM documents api_base without /api; a base that already ends in it would otherwise become /api/api/chat.
  const withoutApi = baseUrl.replace(/\/api$/, '');

  const apiKey = deployment.api_key?.reveal() ?? nonEmpty(environment.OLLAMA_API_KEY);
  const headers: Record<string, string> = {};
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
  // The operator's extra headers come last, so a proxy in front of Ollama can take its own auth scheme.
  Object.assign(headers, deploymentHeaders(deployment));

  return Object.freeze({
    baseUrl: withoutApi,
    displayUrl: displayUrl(new URL(withoutApi)),
    apiKey,
    headers: Object.freeze(headers),
    options: Object.freeze(readOptions(deployment.provider_params, 'litellm_params')),
    keepAlive: readKeepAlive(deployment.provider_params.keep_alive, 'litellm_params.keep_alive'),
  });
}

/**
 * Reads Ollama option names from `source` and checks their types. Names that are not Ollama options are left alone:
 * litellm_params carries keys for other tools (cost, tags) that must not stop a LiteLLM config from loading.
 */
export function readOptions(source: Readonly<Record<string, unknown>>, path: string): Record<string, number | boolean> {
  const options: Record<string, number | boolean> = {};
  for (const [name, type] of Object.entries(ollamaOptionTypes)) {
    const value = source[name];
    if (value === undefined || value === null) continue;
    const fits = type === 'boolean' ? typeof value === 'boolean' : typeof value === 'number' && Number.isFinite(value) && (type === 'number' || Number.isInteger(value));
    if (!fits) throw new Error(`${path}.${name} must be ${type === 'boolean' ? 'a boolean' : type === 'integer' ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
    options[name] = value as number | boolean;
  }
  return options;
}

/** keep_alive is a duration string (`5m`, `1h`) or a number of seconds; a negative number keeps the model loaded. */
export function readKeepAlive(value: unknown, path: string): KeepAlive | undefined {
  if (value === undefined || value === null) return undefined;
  if ((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '')) return value;
  throw new Error(`${path} must be a duration such as "5m" or a number of seconds, got ${JSON.stringify(value)}`);
}

/**
 * OLLAMA_HOST as Ollama reads it: `host`, `host:port` or `scheme://host[:port][/path]`; without a scheme it is http
 * on port 11434, and the bind-all addresses 0.0.0.0 and :: mean this machine.
 * @see https://github.com/ollama/ollama/blob/main/envconfig/config.go (Host, ConnectableHost)
 */
export function hostToUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const hasScheme = trimmed.includes('://');
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `http://${trimmed}`);
  } catch {
    throw new Error(`OLLAMA_HOST is not a host or URL: ${JSON.stringify(value)}`);
  }
  if (!hasScheme && url.port === '') url.port = '11434';
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  return displayUrl(url);
}

function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
