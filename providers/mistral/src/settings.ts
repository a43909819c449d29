import { deploymentHeaders, type Deployment } from '@switchyard/core';

/*
 * Where a Mistral deployment connects and with which key, read the way LiteLLM reads it: `api_base` (else
 * MISTRAL_AZURE_API_BASE, else https://api.mistral.ai) with `/v1` appended unless it already ends in `/v1`, and
 * `api_key` (else MISTRAL_AZURE_API_KEY, else MISTRAL_API_KEY).
 * @see https://docs.mistral.ai/api/ (server https://api.mistral.ai, paths /v1/chat/completions and /v1/embeddings)
 * @see https://docs.litellm.ai/docs/providers/mistral
 */

export const mistralDefaultBase = 'https://api.mistral.ai';

/** `litellm_params` keys this provider reads as deployment defaults of the Mistral-only request fields. */

export interface MistralSettings {
  /** The base URL ending in `/v1`, no trailing slash. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Every upstream header except content-type, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Deployment defaults for Mistral's own request fields; a request's own value wins. */
  readonly defaults: Readonly<{ safe_prompt?: boolean; prompt_mode?: 'reasoning' | null }>;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const resolved = new WeakMap<Deployment, MistralSettings>();

/** The settings of a deployment, resolved on first use and cached; throws a message naming what is wrong. */
export function readMistralSettings(deployment: Deployment): MistralSettings {
  let settings = resolved.get(deployment);
  if (settings === undefined) {
    settings = resolveMistralSettings(deployment, process.env);
    resolved.set(deployment, settings);
  }
  return settings;
}

/** Resolves a deployment's settings against `environment`, without caching. Every problem is reported at once. */
export function resolveMistralSettings(deployment: Deployment, environment: Environment): MistralSettings {
  const problems: string[] = [];
  const base = (deployment.api_base ?? nonEmpty(environment.MISTRAL_AZURE_API_BASE) ?? mistralDefaultBase).trim().replace(/\/+$/, '');
  let baseUrl = base;
  try {
    const parsed = new URL(base);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`litellm_params.api_base must be an http or https URL, got ${parsed.protocol}`);
    if (!base.endsWith('/v1')) baseUrl = `${base}/v1`;
  } catch {
    problems.push(`litellm_params.api_base is not a URL: ${JSON.stringify(base)}`);
  }

  const apiKey = deployment.api_key?.reveal() ?? nonEmpty(environment.MISTRAL_AZURE_API_KEY) ?? nonEmpty(environment.MISTRAL_API_KEY);
  if (apiKey === undefined) problems.push('no API key for mistral/: set litellm_params.api_key or the environment variable MISTRAL_API_KEY');

  const defaults: { safe_prompt?: boolean; prompt_mode?: 'reasoning' | null } = {};
  for (const [key, value] of Object.entries(deployment.provider_params)) {
    if (key === 'safe_prompt') {
      if (typeof value === 'boolean') defaults.safe_prompt = value;
      else problems.push(`litellm_params.safe_prompt must be true or false, got ${JSON.stringify(value)}`);
    } else if (key === 'prompt_mode') {
      if (value === 'reasoning' || value === null) defaults.prompt_mode = value;
      else problems.push(`litellm_params.prompt_mode must be 'reasoning' or null, got ${JSON.stringify(value)}`);
    }
    // Any other key is left alone: LiteLLM configs carry keys meant for others (prices the router reads,
    // max_retries, tags), and refusing them would stop configs that LiteLLM accepts.
  }
  if (problems.length > 0) throw new Error(problems.join('; '));

  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
  // The operator's extra headers come last, so a config may replace authorization (a proxy with its own scheme).
  Object.assign(headers, deploymentHeaders(deployment));
  return Object.freeze({ baseUrl, apiKey: apiKey as string, headers: Object.freeze(headers), defaults: Object.freeze(defaults) });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
