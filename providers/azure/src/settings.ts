import { deploymentHeaders, type Deployment } from '@switchyard/core';
import type { OpenAIPreset } from '@switchyard/provider-openai';

/*
 * Where a deployment's calls go and how they authenticate, resolved once per deployment.
 *
 * azure/<deployment> (Azure OpenAI):
 *   {api_base}/openai/deployments/{deployment}/chat/completions?api-version={api_version}   (dated API versions)
 *   {api_base}/openai/v1/chat/completions, model in the body                                (api_version v1 | latest)
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/reference
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle ("v1 API": /openai/v1/chat/completions GA)
 *
 * azure_ai/<model> (Azure AI Foundry model endpoints, serverless and managed endpoints):
 *   {api_base}/models/chat/completions?api-version=…   a Foundry resource (*.services.ai.azure.com): the model inference API
 *   {api_base}/chat/completions                         a serverless or managed endpoint, or an …/openai/v1 base
 * @see https://learn.microsoft.com/azure/ai-foundry/model-inference/reference/reference-model-inference-api
 * @see https://learn.microsoft.com/azure/ai-foundry/model-inference/reference/api-version-updates
 */

export type Environment = Readonly<Record<string, string | undefined>>;

/** How a call proves who it is. */
export type AzureAuth =
  /** A resource key, sent as the header `header` (`api-key`, or `authorization: Bearer` for serverless endpoints). */
  | { readonly kind: 'key'; readonly key: string; readonly header: 'api-key' | 'authorization' }
  /** A Microsoft Entra ID access token given by the operator (`azure_ad_token`), sent as `authorization: Bearer`. */
  | { readonly kind: 'token'; readonly token: string }
  /** An app registration's client secret, exchanged for Entra ID tokens (entra-token.ts) that are then sent as Bearer. */
  | { readonly kind: 'client-secret'; readonly tenantId: string; readonly clientId: string; readonly clientSecret: string; readonly scope: string; readonly tokenUrl: string };

export interface AzureSettings {
  /** `azure` or `azure_ai`, as a preset so the shared OpenAI error mapping prefixes messages with it. */
  readonly preset: OpenAIPreset;
  readonly chatUrl: string;
  readonly embeddingsUrl: string;
  readonly auth: AzureAuth;
  /** The operator's extra headers (names in lower case), sent after the auth header so they may replace it. */
  readonly headers: Readonly<Record<string, string>>;
  /** A configured secret the upstream might echo in an error message, masked there (the key or static token). */
  readonly secret: string | undefined;
}

/** The Azure OpenAI API version used when neither litellm_params.api_version nor AZURE_API_VERSION is set: the latest GA. */
export const defaultAzureApiVersion = '2024-10-21';
/** The model inference API version for a Foundry resource's /models route when none is configured: its GA release. */
export const defaultModelInferenceApiVersion = '2025-04-01';
/** The Entra ID scope of Azure OpenAI and Foundry resources. */
export const defaultEntraScope = 'https://cognitiveservices.azure.com/.default';
const defaultAuthorityHost = 'https://login.microsoftonline.com';

const presets: Readonly<Record<'azure' | 'azure_ai', OpenAIPreset>> = {
  azure: Object.freeze({ prefix: 'azure', name: 'Azure OpenAI', keyVariables: Object.freeze(['AZURE_API_KEY', 'AZURE_OPENAI_API_KEY']), keyRequired: true }),
  azure_ai: Object.freeze({ prefix: 'azure_ai', name: 'Azure AI Foundry', keyVariables: Object.freeze(['AZURE_AI_API_KEY']), keyRequired: true }),
};

// Hosts whose data plane takes the resource key as `api-key`; other Azure AI endpoints (serverless *.models.ai.azure.com,
// managed *.inference.ml.azure.com) take it as a Bearer token.
const apiKeyHosts = ['.services.ai.azure.com', '.openai.azure.com', '.cognitiveservices.azure.com'];

// litellm_params keys LiteLLM uses for Azure sign-in methods this provider does not implement.
const unsupportedParams: Readonly<Record<string, string>> = {
  azure_username: 'username/password sign-in is not supported; use api_key, azure_ad_token or tenant_id/client_id/client_secret',
  azure_password: 'username/password sign-in is not supported; use api_key, azure_ad_token or tenant_id/client_id/client_secret',
  azure_ad_token_provider: 'a token provider function cannot be configured here; use azure_ad_token or tenant_id/client_id/client_secret',
};

const resolved = new WeakMap<Deployment, AzureSettings>();

/** The settings of a deployment, resolved on first use against process.env and cached. */
export function readAzureSettings(deployment: Deployment): AzureSettings {
  let settings = resolved.get(deployment);
  if (settings === undefined) {
    settings = resolveAzureSettings(deployment, process.env);
    resolved.set(deployment, settings);
  }
  return settings;
}

/**
 * Resolves a deployment against `environment`, without caching. Throws one message naming every problem found, which
 * `checkDeployment` turns into a boot error.
 */
export function resolveAzureSettings(deployment: Deployment, environment: Environment): AzureSettings {
  const provider = deployment.provider === 'azure_ai' ? 'azure_ai' : 'azure';
  const problems: string[] = [];
  const params = deployment.provider_params;
  for (const [key, reason] of Object.entries(unsupportedParams)) if (params[key] !== undefined) problems.push(`litellm_params.${key}: ${reason}`);
  for (const key of ['azure_ad_token', 'tenant_id', 'client_id', 'client_secret', 'azure_scope']) {
    if (params[key] !== undefined && typeof params[key] !== 'string') problems.push(`litellm_params.${key} must be a string`);
  }

  const baseVariables = provider === 'azure' ? ['AZURE_API_BASE', 'AZURE_OPENAI_ENDPOINT'] : ['AZURE_AI_API_BASE'];
  const example = provider === 'azure' ? "your resource's endpoint, e.g. https://my-resource.openai.azure.com" : 'your endpoint, e.g. https://my-resource.services.ai.azure.com or https://my-endpoint.eastus2.models.ai.azure.com';
  const base = parseBase(deployment.api_base ?? firstSet(baseVariables, environment), `${example} (or set ${baseVariables.join(' or ')})`, problems);
  const configuredVersion = deployment.api_version ?? (provider === 'azure' ? firstSet(['AZURE_API_VERSION'], environment) : undefined);
  const urls = base === undefined ? undefined : provider === 'azure' ? azureOpenAIUrls(base, deployment.model, configuredVersion) : azureAIUrls(base, configuredVersion);

  const auth = base === undefined ? undefined : readAuth(provider, deployment, base, environment, problems);
  if (problems.length > 0 || urls === undefined || auth === undefined) throw new Error(problems.join('; '));

  const headers: Record<string, string> = {};
  Object.assign(headers, deploymentHeaders(deployment));
  const secret = auth.kind === 'key' ? auth.key : auth.kind === 'token' ? auth.token : undefined;
  return Object.freeze({ preset: presets[provider], ...urls, auth: Object.freeze(auth), headers: Object.freeze(headers), secret });
}

function parseBase(raw: string | undefined, hint: string, problems: string[]): URL | undefined {
  if (raw === undefined || raw.trim() === '') {
    problems.push(`litellm_params.api_base is required: ${hint}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    problems.push(`litellm_params.api_base is not a URL: ${JSON.stringify(raw)}`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`litellm_params.api_base must be an http or https URL, got ${url.protocol}`);
  else if (url.search !== '' || url.hash !== '') problems.push('litellm_params.api_base must not carry a query or fragment: the path and api-version are added per call (set api_version instead)');
  else return url;
  return undefined;
}

function trimmedBase(base: URL): string {
  return `${base.origin}${base.pathname}`.replace(/\/+$/, '');
}

/** Azure OpenAI: the deployments route with a dated api-version, or the v1 route. */
function azureOpenAIUrls(base: URL, deploymentName: string, configuredVersion: string | undefined): { chatUrl: string; embeddingsUrl: string } {
  const root = trimmedBase(base);
  const version = configuredVersion ?? defaultAzureApiVersion;
  if (/\/openai\/v1$/.test(root) || version === 'v1' || version === 'latest' || version === 'preview') {
    const v1 = /\/openai\/v1$/.test(root) ? root : /\/openai$/.test(root) ? `${root}/v1` : `${root}/openai/v1`;
    // The v1 API takes no dated version; `preview` opts into its preview features.
    const query = configuredVersion === 'preview' ? '?api-version=preview' : '';
    return { chatUrl: `${v1}/chat/completions${query}`, embeddingsUrl: `${v1}/embeddings${query}` };
  }
  const openai = /\/openai$/.test(root) ? root : `${root}/openai`;
  const deployment = `${openai}/deployments/${encodeURIComponent(deploymentName)}`;
  const query = `?api-version=${encodeURIComponent(version)}`;
  return { chatUrl: `${deployment}/chat/completions${query}`, embeddingsUrl: `${deployment}/embeddings${query}` };
}

/** Azure AI Foundry: the model inference route of a Foundry resource, or an endpoint's own root. */
function azureAIUrls(base: URL, configuredVersion: string | undefined): { chatUrl: string; embeddingsUrl: string } {
  let root = trimmedBase(base);
  const bareFoundryResource = base.hostname.endsWith('.services.ai.azure.com') && (base.pathname === '/' || base.pathname === '');
  if (bareFoundryResource) root = `${root}/models`;
  // The model inference API requires an api-version; an endpoint's own root (or an /openai/v1 base) takes one only if given.
  const version = /\/models$/.test(root) ? (configuredVersion ?? defaultModelInferenceApiVersion) : configuredVersion;
  const query = version === undefined ? '' : `?api-version=${encodeURIComponent(version)}`;
  return { chatUrl: `${root}/chat/completions${query}`, embeddingsUrl: `${root}/embeddings${query}` };
}

function readAuth(provider: 'azure' | 'azure_ai', deployment: Deployment, base: URL, environment: Environment, problems: string[]): AzureAuth | undefined {
  const params = deployment.provider_params;
  const keyHeader: 'api-key' | 'authorization' = provider === 'azure' || apiKeyHosts.some((suffix) => base.hostname.endsWith(suffix)) ? 'api-key' : 'authorization';
  const fromConfig = {
    key: deployment.api_key?.reveal(),
    token: stringParam(params.azure_ad_token),
    tenantId: stringParam(params.tenant_id),
    clientId: stringParam(params.client_id),
    clientSecret: stringParam(params.client_secret),
  };
  const configured = authFrom(fromConfig, 'litellm_params.', problems);
  if (configured !== 'none') return configured === undefined ? undefined : completeAuth(configured, keyHeader, params, environment);

  const fromEnvironment =
    provider === 'azure'
      ? {
          key: firstSet(['AZURE_API_KEY', 'AZURE_OPENAI_API_KEY'], environment),
          token: firstSet(['AZURE_AD_TOKEN'], environment),
          tenantId: firstSet(['AZURE_TENANT_ID'], environment),
          clientId: firstSet(['AZURE_CLIENT_ID'], environment),
          clientSecret: firstSet(['AZURE_CLIENT_SECRET'], environment),
        }
      : { key: firstSet(['AZURE_AI_API_KEY'], environment) };
  // In the environment a key wins over the other methods, as LiteLLM reads them; only the config must be unambiguous.
  if (fromEnvironment.key !== undefined) return { kind: 'key', key: fromEnvironment.key, header: keyHeader };
  const fromEnv = authFrom({ ...fromEnvironment, key: undefined }, '', problems, true);
  if (fromEnv !== 'none') return fromEnv === undefined ? undefined : completeAuth(fromEnv, keyHeader, params, environment);

  const variables = provider === 'azure' ? 'AZURE_API_KEY, AZURE_OPENAI_API_KEY, AZURE_AD_TOKEN or AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET' : 'AZURE_AI_API_KEY';
  problems.push(`no credentials for ${provider}/: set litellm_params.api_key, azure_ad_token or tenant_id/client_id/client_secret, or the environment variable ${variables}`);
  return undefined;
}

interface Credentials { key?: string; token?: string; tenantId?: string; clientId?: string; clientSecret?: string }
type PartialAuth = { kind: 'key'; key: string } | { kind: 'token'; token: string } | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string };

/** The one sign-in method the credentials give, 'none' when they give none, undefined (with a problem) when ambiguous. */
function authFrom(credentials: Credentials, prefix: string, problems: string[], environment = false): PartialAuth | 'none' | undefined {
  const names = environment
    ? { key: 'AZURE_API_KEY', token: 'AZURE_AD_TOKEN', tenantId: 'AZURE_TENANT_ID', clientId: 'AZURE_CLIENT_ID', clientSecret: 'AZURE_CLIENT_SECRET' }
    : { key: 'api_key', token: 'azure_ad_token', tenantId: 'tenant_id', clientId: 'client_id', clientSecret: 'client_secret' };
  const entraParts = [credentials.tenantId, credentials.clientId, credentials.clientSecret];
  const methods = [credentials.key !== undefined, credentials.token !== undefined, entraParts.some((part) => part !== undefined)].filter(Boolean).length;
  if (methods === 0) return 'none';
  if (methods > 1) {
    problems.push(`${prefix}${names.key}, ${prefix}${names.token} and ${prefix}${names.tenantId}/${names.clientId}/${names.clientSecret} are different ways to sign in: give only one`);
    return undefined;
  }
  if (credentials.key !== undefined) return { kind: 'key', key: credentials.key };
  if (credentials.token !== undefined) return { kind: 'token', token: credentials.token };
  const missing = (['tenantId', 'clientId', 'clientSecret'] as const).filter((part) => credentials[part] === undefined).map((part) => `${prefix}${names[part]}`);
  if (missing.length > 0) {
    problems.push(`signing in with a client secret needs ${prefix}${names.tenantId}, ${prefix}${names.clientId} and ${prefix}${names.clientSecret}; missing ${missing.join(', ')}`);
    return undefined;
  }
  return { kind: 'client-secret', tenantId: credentials.tenantId!, clientId: credentials.clientId!, clientSecret: credentials.clientSecret! };
}

function completeAuth(auth: PartialAuth, keyHeader: 'api-key' | 'authorization', params: Readonly<Record<string, unknown>>, environment: Environment): AzureAuth {
  if (auth.kind === 'key') return { ...auth, header: keyHeader };
  if (auth.kind === 'token') return auth;
  // AZURE_AUTHORITY_HOST is the variable Azure's identity libraries read for sovereign clouds (login.microsoftonline.us…).
  const authority = (firstSet(['AZURE_AUTHORITY_HOST'], environment) ?? defaultAuthorityHost).replace(/\/+$/, '');
  return {
    ...auth,
    scope: stringParam(params.azure_scope) ?? defaultEntraScope,
    tokenUrl: `${authority}/${encodeURIComponent(auth.tenantId)}/oauth2/v2.0/token`,
  };
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function firstSet(names: readonly string[], environment: Environment): string | undefined {
  for (const name of names) {
    const value = environment[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}
