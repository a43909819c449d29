import { deploymentHeaders, type Deployment } from '@switchyard/core';

/*
 * Where and how one deployment reaches Anthropic. Key and base URL fall back to the environment variables LiteLLM
 * reads for Anthropic: ANTHROPIC_API_KEY; ANTHROPIC_API_BASE, then ANTHROPIC_BASE_URL.
 * @see https://docs.anthropic.com/en/api/overview#authentication
 * @see https://docs.anthropic.com/en/api/versioning
 * @see https://docs.anthropic.com/en/api/beta-headers
 */

export const anthropicDefaultBase = 'https://api.anthropic.com';
export const anthropicVersion = '2023-06-01';

/** What one deployment needs to reach Anthropic: resolved once, then reused by every call. */
export interface AnthropicSettings {
  /** The full Messages URL: `{api_base}/v1/messages`. */
  readonly url: string;
  readonly apiKey: string;
  /** Every upstream header, names in lower case: content-type, x-api-key, anthropic-version, anthropic-beta, extras. */
  readonly headers: Readonly<Record<string, string>>;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const resolved = new WeakMap<Deployment, AnthropicSettings>();

/** The settings of a deployment, resolved on first use and cached; throws a message naming what is wrong. */
export function readAnthropicSettings(deployment: Deployment): AnthropicSettings {
  let settings = resolved.get(deployment);
  if (settings === undefined) {
    settings = resolveAnthropicSettings(deployment, process.env);
    resolved.set(deployment, settings);
  }
  return settings;
}

/** Resolves a deployment's URL, key and headers against `environment`, without caching. */
export function resolveAnthropicSettings(deployment: Deployment, environment: Environment): AnthropicSettings {
  const base = (deployment.api_base ?? nonEmpty(environment.ANTHROPIC_API_BASE) ?? nonEmpty(environment.ANTHROPIC_BASE_URL) ?? anthropicDefaultBase).trim();
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new Error(`litellm_params.api_base is not a URL: ${JSON.stringify(base)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`litellm_params.api_base must be an http or https URL, got ${parsed.protocol}`);

  const apiKey = deployment.api_key?.reveal() ?? nonEmpty(environment.ANTHROPIC_API_KEY);
  if (apiKey === undefined) throw new Error('no API key for anthropic/: set litellm_params.api_key or the environment variable ANTHROPIC_API_KEY');

  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': apiKey, 'anthropic-version': anthropicVersion };
  const beta = betaHeader(deployment.provider_params.anthropic_beta);
  if (beta !== undefined) headers['anthropic-beta'] = beta;
  // The operator's extra headers come last, so a config may pin another anthropic-version or beta list.
  Object.assign(headers, deploymentHeaders(deployment));
  return Object.freeze({ url: messagesUrl(base), apiKey, headers: Object.freeze(headers) });
}

/** LiteLLM accepts api_base with or without the path: `https://host`, `https://host/v1`, `https://host/v1/messages`. */
function messagesUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  if (trimmed.endsWith('/v1/messages')) return trimmed;
  if (trimmed.endsWith('/v1')) return `${trimmed}/messages`;
  return `${trimmed}/v1/messages`;
}

function betaHeader(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item.trim() !== '')) return value.map((item: string) => item.trim()).join(',');
  throw new Error(`litellm_params.anthropic_beta must be a beta name or a list of them (e.g. [prompt-caching-2024-07-31]), got ${JSON.stringify(value)}`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
