import { deploymentHeaders, type Deployment } from '@switchyard/core';

/*
 * Where a Cohere deployment connects and with which key. The key is `api_key`, else COHERE_API_KEY (LiteLLM's name),
 * else CO_API_KEY (the name Cohere's own SDKs read). `api_base` is the API host, https://api.cohere.com by default;
 * the request paths (/v2/chat, /v2/embed) are appended to it, so a base written with a trailing /v1 or /v2 (as some
 * configs carry from other clients) has that version segment removed rather than doubled.
 * @see https://docs.cohere.com/reference/chat (server https://api.cohere.com, bearer authentication)
 * @see https://docs.litellm.ai/docs/providers/cohere
 */

export const cohereDefaultBase = 'https://api.cohere.com';

/** Cohere's embedding input types; `input_type` in litellm_params sets a deployment's default. */
export const cohereInputTypes = ['search_document', 'search_query', 'classification', 'clustering', 'image'] as const;
export type CohereInputType = (typeof cohereInputTypes)[number];

export interface CohereSettings {
  /** The API host without a trailing slash or version segment. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Every upstream header except content-type, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The deployment's default embedding input type (`litellm_params.input_type`), if it sets one. */
  readonly inputType: CohereInputType | undefined;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const resolved = new WeakMap<Deployment, CohereSettings>();

/** The settings of a deployment, resolved on first use and cached; throws a message naming every problem. */
export function readCohereSettings(deployment: Deployment): CohereSettings {
  let settings = resolved.get(deployment);
  if (settings === undefined) {
    settings = resolveCohereSettings(deployment, process.env);
    resolved.set(deployment, settings);
  }
  return settings;
}

/** Resolves a deployment's settings against `environment`, without caching. */
export function resolveCohereSettings(deployment: Deployment, environment: Environment): CohereSettings {
  const problems: string[] = [];
  const base = (deployment.api_base ?? cohereDefaultBase).trim().replace(/\/+$/, '');
  let baseUrl = base;
  try {
    const parsed = new URL(base);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') problems.push(`litellm_params.api_base must be an http or https URL, got ${parsed.protocol}`);
    baseUrl = base.replace(/\/v[12]$/, '');
  } catch {
    problems.push(`litellm_params.api_base is not a URL: ${JSON.stringify(base)}`);
  }

  const apiKey = deployment.api_key?.reveal() ?? nonEmpty(environment.COHERE_API_KEY) ?? nonEmpty(environment.CO_API_KEY);
  if (apiKey === undefined) problems.push(`no API key for ${deployment.provider}/: set litellm_params.api_key or the environment variable COHERE_API_KEY (or CO_API_KEY)`);

  const inputType = deployment.provider_params.input_type;
  if (inputType !== undefined && !(cohereInputTypes as readonly unknown[]).includes(inputType)) {
    problems.push(`litellm_params.input_type must be one of ${cohereInputTypes.join(', ')}, got ${JSON.stringify(inputType)}`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));

  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
  // The operator's extra headers come last, so a config may replace authorization (a proxy with its own scheme).
  Object.assign(headers, deploymentHeaders(deployment));
  return Object.freeze({ baseUrl, apiKey: apiKey!, headers: Object.freeze(headers), inputType: inputType as CohereInputType | undefined });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
