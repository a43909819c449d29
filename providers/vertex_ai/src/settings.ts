import { readFileSync } from 'node:fs';
import { deploymentHeaders, type Deployment } from '@switchyard/core';
import { publisherOf, type VertexPublisher } from './publisher.js';

/**
 * Where a deployment's Google credentials come from. A JSON document (a service-account key, an authorized-user or an
 * external-account file) is read once at boot; `application_default` leaves the search to google-auth-library
 * (gcloud's well-known file, then the GCE/Cloud Run metadata server).
 */
export type VertexCredentials =
  | { readonly kind: 'json'; readonly from: 'vertex_credentials' | 'GOOGLE_APPLICATION_CREDENTIALS'; readonly json: Readonly<Record<string, unknown>> }
  | { readonly kind: 'application_default' };

/** What one deployment needs to reach Vertex AI: resolved once, then reused by every call. */
export interface VertexSettings {
  /** Undefined when neither the config, the environment nor the credentials name one: asked of ADC at the first call. */
  readonly project: string | undefined;
  readonly location: string;
  /** Scheme and host (and any path prefix) without a trailing slash; `/v1/projects/…` is appended. */
  readonly baseUrl: string;
  /** `v1` unless `api_version` says otherwise (`v1beta1`). */
  readonly apiVersion: string;
  readonly publisher: VertexPublisher;
  readonly model: string;
  readonly credentials: VertexCredentials;
  /** The operator's extra headers, names in lower case; the bearer token is added per call. */
  readonly headers: Readonly<Record<string, string>>;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** The `litellm_params` keys this provider reads. LiteLLM also accepts the `vertex_ai_*` spellings, so they load too. */
const settingNames = {
  project: ['vertex_project', 'vertex_ai_project'],
  location: ['vertex_location', 'vertex_ai_location'],
  credentials: ['vertex_credentials', 'vertex_ai_credentials'],
} as const;
const knownSettings: readonly string[] = Object.values(settingNames).flat();

/** LiteLLM's environment variables, in the order it reads them. @see https://docs.litellm.ai/docs/providers/vertex */
const projectVariables = ['VERTEXAI_PROJECT', 'VERTEX_PROJECT', 'GOOGLE_CLOUD_PROJECT'] as const;
const locationVariables = ['VERTEXAI_LOCATION', 'VERTEX_LOCATION'] as const;
const defaultLocation = 'us-central1';

// A location becomes part of a host name and a project part of a path, so neither may carry anything else.
const locationPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const projectPattern = /^[A-Za-z0-9][A-Za-z0-9.:_-]*$/;
const apiVersionPattern = /^v1(?:beta1)?$/;

const resolved = new WeakMap<Deployment, VertexSettings>();

/**
 * The settings of a deployment, resolved on first use and cached, so the environment and a credentials file are read
 * once per deployment. Throws a message naming what is wrong; at boot `checkDeployment` turns that into a ConfigError.
 */
export function readVertexSettings(deployment: Deployment): VertexSettings {
  let settings = resolved.get(deployment);
  if (settings === undefined) {
    settings = resolveVertexSettings(deployment, process.env);
    resolved.set(deployment, settings);
  }
  return settings;
}

/** Resolves a deployment against `environment`, without caching. `readFile` reads a credentials file (tests swap it). */
export function resolveVertexSettings(deployment: Deployment, environment: Environment, readFile: (path: string) => string = readUtf8): VertexSettings {
  const params = deployment.provider_params;
  // Only this provider's own namespace is checked, so a typo there stops boot while keys LiteLLM configs carry for
  // others (prices the router reads, max_retries, tags) load as they do in LiteLLM. safety_settings is LiteLLM's and
  // not carried yet: refused rather than ignored.
  for (const key of Object.keys(params)) {
    if ((key.startsWith('vertex_') || key === 'safety_settings') && !knownSettings.includes(key)) {
      throw new Error(`litellm_params.${key} is not a vertex_ai setting (known: ${knownSettings.join(', ')})`);
    }
  }

  const model = deployment.model;
  if (model === '' || /[/?#\s]/.test(model)) throw new Error(`'${model}' is not a Vertex AI model id (expected e.g. vertex_ai/gemini-2.5-flash or vertex_ai/claude-sonnet-4@20250514)`);

  const credentials = readCredentials(stringSetting(params, settingNames.credentials, true), environment, readFile);

  const project = stringSetting(params, settingNames.project) ?? firstSet(projectVariables, environment) ?? projectOfCredentials(credentials);
  if (project !== undefined && !projectPattern.test(project)) throw new Error(`litellm_params.vertex_project is not a Google Cloud project id: ${JSON.stringify(project)}`);

  const location = stringSetting(params, settingNames.location) ?? firstSet(locationVariables, environment) ?? defaultLocation;
  if (!locationPattern.test(location)) throw new Error(`litellm_params.vertex_location is not a Vertex AI location: ${JSON.stringify(location)} (e.g. us-central1, europe-west4, global)`);

  const apiVersion = deployment.api_version ?? 'v1';
  if (!apiVersionPattern.test(apiVersion)) throw new Error(`litellm_params.api_version must be v1 or v1beta1 for vertex_ai, got ${JSON.stringify(apiVersion)}`);

  const headers: Record<string, string> = {};
  Object.assign(headers, deploymentHeaders(deployment));

  return Object.freeze({
    project,
    location,
    baseUrl: baseUrlOf(deployment.api_base, location),
    apiVersion,
    publisher: publisherOf(model),
    model,
    credentials,
    headers: Object.freeze(headers),
  });
}

/**
 * The host: `api_base` when set (a proxy, or a local mock in tests), else the regional endpoint, or the global one
 * for `global`. @see https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations
 */
function baseUrlOf(apiBase: string | undefined, location: string): string {
  if (apiBase === undefined) return location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${location}-aiplatform.googleapis.com`;
  const base = apiBase.trim().replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new Error(`litellm_params.api_base is not a URL: ${JSON.stringify(base)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`litellm_params.api_base must be an http or https URL, got ${parsed.protocol}`);
  return base;
}

/** The URL of one model method: `generateContent`, `streamGenerateContent?alt=sse`, `rawPredict`, `predict`, … */
export function vertexModelUrl(settings: VertexSettings, project: string, method: string): string {
  return `${settings.baseUrl}/${settings.apiVersion}/projects/${project}/locations/${settings.location}/publishers/${settings.publisher}/models/${settings.model}:${method}`;
}

function readCredentials(value: string | Record<string, unknown> | undefined, environment: Environment, readFile: (path: string) => string): VertexCredentials {
  if (value !== undefined) return { kind: 'json', from: 'vertex_credentials', json: credentialsJson(value, 'litellm_params.vertex_credentials', readFile) };
  const path = environment.GOOGLE_APPLICATION_CREDENTIALS;
  if (path !== undefined && path !== '') return { kind: 'json', from: 'GOOGLE_APPLICATION_CREDENTIALS', json: credentialsJson(path, 'GOOGLE_APPLICATION_CREDENTIALS', readFile) };
  return { kind: 'application_default' };
}

/**
 * A credentials value is the JSON itself (LiteLLM's docs pass `json.dumps(...)` of the key file), a YAML mapping of
 * it, or a path to the file. Messages name where it came from but never quote it: it holds a private key.
 */
function credentialsJson(value: string | Record<string, unknown>, source: string, readFile: (path: string) => string): Readonly<Record<string, unknown>> {
  let text: string;
  let described: string;
  if (typeof value !== 'string') {
    text = JSON.stringify(value);
    described = source;
  } else if (value.trimStart().startsWith('{')) {
    text = value;
    described = source;
  } else {
    described = `${source} (${value})`;
    try {
      text = readFile(value);
    } catch (error) {
      throw new Error(`${described}: cannot read the credentials file: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${described}: the credentials are not valid JSON`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${described}: the credentials must be a JSON object`);
  const record = json as Record<string, unknown>;
  if (typeof record.type !== 'string') throw new Error(`${described}: the credentials have no "type" (expected service_account, authorized_user or external_account)`);
  if (record.type === 'service_account') {
    for (const field of ['client_email', 'private_key'] as const) {
      if (typeof record[field] !== 'string' || record[field] === '') throw new Error(`${described}: the service account credentials have no "${field}"`);
    }
    if (record.token_uri !== undefined && !isHttpUrl(record.token_uri)) throw new Error(`${described}: "token_uri" is not an http(s) URL`);
  }
  return Object.freeze(record);
}

function projectOfCredentials(credentials: VertexCredentials): string | undefined {
  if (credentials.kind !== 'json') return undefined;
  const project = credentials.json.project_id;
  return typeof project === 'string' && project !== '' ? project : undefined;
}

function stringSetting(params: Readonly<Record<string, unknown>>, names: readonly string[], objectAllowed: true): string | Record<string, unknown> | undefined;
function stringSetting(params: Readonly<Record<string, unknown>>, names: readonly string[]): string | undefined;
function stringSetting(params: Readonly<Record<string, unknown>>, names: readonly string[], objectAllowed = false): string | Record<string, unknown> | undefined {
  const given = names.filter((name) => params[name] !== undefined && params[name] !== null && params[name] !== '');
  if (given.length > 1) throw new Error(`litellm_params.${given[0]} and litellm_params.${given[1]} both set: keep one`);
  if (given.length === 0) return undefined;
  const value = params[given[0]];
  if (typeof value === 'string') return value.trim();
  if (objectAllowed && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new Error(`litellm_params.${given[0]} must be a string${objectAllowed ? ' or a mapping' : ''}`);
}

function firstSet(names: readonly string[], environment: Environment): string | undefined {
  for (const name of names) {
    const value = environment[name]?.trim();
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}
