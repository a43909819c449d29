import { deploymentHeaders, type Deployment } from '@switchyard/core';

/*
 * Where a Gemini API deployment goes and how it authenticates. The key travels in the x-goog-api-key header, never in
 * the `?key=` query string, so it cannot land in access logs or in an error message quoting the URL.
 * @see https://ai.google.dev/api#authentication
 */

/** What one deployment needs to reach the Gemini API: resolved once, then reused by every call. */
export interface GeminiSettings {
  /** The base URL without a trailing slash, e.g. https://generativelanguage.googleapis.com. */
  readonly baseUrl: string;
  /** The API version path segment, `v1beta` unless litellm_params.api_version names another. */
  readonly apiVersion: string;
  readonly apiKey: string;
  /** litellm_params.safety_settings as Gemini's `safetySettings` ({category, threshold} pairs), when set. */
  readonly safetySettings: ReadonlyArray<Readonly<Record<string, string>>> | undefined;
  /** Every upstream header except content-type, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export const geminiDefaultBaseUrl = 'https://generativelanguage.googleapis.com';
/** LiteLLM reads GEMINI_API_KEY for the gemini/ prefix; Google's own SDKs also read GOOGLE_API_KEY. */
export const geminiKeyVariables = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const;

const resolved = new WeakMap<Deployment, GeminiSettings>();

/** The settings of a deployment, resolved on first use and cached. Throws a message naming what is missing. */
export function readGeminiSettings(deployment: Deployment): GeminiSettings {
  let settings = resolved.get(deployment);
  if (settings === undefined) {
    settings = resolveGeminiSettings(deployment, process.env);
    resolved.set(deployment, settings);
  }
  return settings;
}

/** Resolves a deployment's base URL, key and headers against `environment`, without caching. */
export function resolveGeminiSettings(deployment: Deployment, environment: Environment): GeminiSettings {
  const problems: string[] = [];
  for (const key of Object.keys(deployment.provider_params)) {
    // Vertex's settings here mean the wrong prefix was chosen; other keys belong to plugins and other tools.
    if ((key.startsWith('vertex_') || key.startsWith('gemini_')) && !knownSettings.includes(key)) problems.push(`litellm_params.${key} is not a gemini setting (known: ${knownSettings.join(', ')})`);
  }
  const safetySettings = readSafetySettings(deployment.provider_params.safety_settings, problems);

  const baseUrl = (deployment.api_base ?? geminiDefaultBaseUrl).trim().replace(/\/+$/, '');
  try {
    const parsed = new URL(baseUrl);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`litellm_params.api_base must be an http or https URL, got ${parsed.protocol}`);
  } catch {
    problems.push(`litellm_params.api_base is not a URL: ${JSON.stringify(baseUrl)}`);
  }

  const apiVersion = deployment.api_version ?? 'v1beta';
  if (!/^v\d+(alpha|beta)?\d*$/.test(apiVersion)) problems.push(`litellm_params.api_version must look like v1beta or v1, got ${JSON.stringify(apiVersion)}`);

  const apiKey = deployment.api_key?.reveal() ?? firstSet(geminiKeyVariables, environment);
  if (apiKey === undefined) problems.push(`no API key for gemini/: set litellm_params.api_key or the environment variable ${geminiKeyVariables.join(' or ')}`);

  if (problems.length > 0 || apiKey === undefined) throw new Error(problems.join('; '));

  const headers: Record<string, string> = { 'x-goog-api-key': apiKey };
  Object.assign(headers, deploymentHeaders(deployment));
  return Object.freeze({ baseUrl, apiVersion, apiKey, safetySettings, headers: Object.freeze(headers) });
}

const knownSettings = ['safety_settings'];

/**
 * LiteLLM's `safety_settings` list, e.g. `[{category: HARM_CATEGORY_HARASSMENT, threshold: BLOCK_NONE}]`, sent as the
 * request's `safetySettings`; the API checks the enum values itself.
 * @see https://ai.google.dev/gemini-api/docs/safety-settings
 */
function readSafetySettings(value: unknown, problems: string[]): GeminiSettings['safetySettings'] {
  if (value === undefined || value === null) return undefined;
  const valid = Array.isArray(value) && value.every((entry) => typeof entry === 'object' && entry !== null && typeof entry.category === 'string' && typeof entry.threshold === 'string');
  if (!valid) {
    problems.push('litellm_params.safety_settings must be a list of {category, threshold} strings');
    return undefined;
  }
  return Object.freeze((value as Array<{ category: string; threshold: string }>).map((entry) => Object.freeze({ category: entry.category, threshold: entry.threshold })));
}

function firstSet(names: readonly string[], environment: Environment): string | undefined {
  for (const name of names) {
    const value = environment[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}
