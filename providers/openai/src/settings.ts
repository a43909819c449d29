import { deploymentHeaders, type Deployment } from '@switchyard/core';
import { openAIPresets, type OpenAIPreset } from './presets.js';

/** What one deployment needs to reach its host: resolved once, then reused by every call. */
export interface OpenAISettings {
  readonly preset: OpenAIPreset;
  /** The base URL without a trailing slash; the OpenAI paths are appended to it. */
  readonly baseUrl: string;
  /** Undefined for a keyless local server: then no authorization header is sent at all. */
  readonly apiKey: string | undefined;
  /** Every upstream header except content-type, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const resolved = new WeakMap<Deployment, OpenAISettings>();

/**
 * The settings of a deployment, resolved on first use and cached, so a key taken from the environment is read once per
 * deployment. Throws a message naming what is missing; at boot `checkDeployment` turns that into a ConfigError.
 */
export function readOpenAISettings(deployment: Deployment): OpenAISettings {
  let settings = resolved.get(deployment);
  if (settings === undefined) {
    settings = resolveOpenAISettings(deployment, process.env);
    resolved.set(deployment, settings);
  }
  return settings;
}

/** Resolves a deployment's base URL, key and headers against `environment`, without caching. */
export function resolveOpenAISettings(deployment: Deployment, environment: Environment): OpenAISettings {
  const preset = openAIPresets[deployment.provider];
  if (preset === undefined) throw new Error(`the openai provider has no preset for the prefix '${deployment.provider}'`);

  const base = deployment.api_base ?? preset.baseUrl;
  if (base === undefined || base.trim() === '') {
    throw new Error(`litellm_params.api_base is required for ${preset.prefix}/ (${preset.name}): the URL of your server's OpenAI-compatible API, e.g. http://localhost:8000/v1`);
  }
  const baseUrl = base.trim().replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new Error(`litellm_params.api_base is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`litellm_params.api_base must be an http or https URL, got ${parsed.protocol}`);

  const apiKey = deployment.api_key?.reveal() ?? firstSet(preset.keyVariables, environment);
  if (apiKey === undefined && preset.keyRequired) {
    throw new Error(`no API key for ${preset.prefix}/ (${preset.name}): set litellm_params.api_key or the environment variable ${preset.keyVariables.join(' or ')}`);
  }

  const headers: Record<string, string> = {};
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
  const organization = deployment.provider_params.organization;
  if (preset.prefix === 'openai' && typeof organization === 'string') headers['openai-organization'] = organization;
  // The operator's extra headers come last, so a config may replace authorization for a host with its own scheme.
  Object.assign(headers, deploymentHeaders(deployment));
  return Object.freeze({ preset, baseUrl, apiKey, headers: Object.freeze(headers) });
}

function firstSet(names: readonly string[], environment: Environment): string | undefined {
  for (const name of names) {
    const value = environment[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}
