import { deploymentHeaders, type Deployment } from '@switchyard/core';

/*
 * Reads a bedrock/ deployment once: which Bedrock model (and which API serves it), where the runtime endpoint is,
 * which region signs the calls and how the gateway authenticates. Credentials themselves are resolved per call by
 * credentials.ts, because the AWS default chain is asynchronous and refreshes expiring keys.
 * @see https://docs.litellm.ai/docs/providers/bedrock
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */

export type Environment = Readonly<Record<string, string | undefined>>;

/** The InvokeModel body format of an embedding model; chat models have none. */
export type BedrockEmbeddingFormat = 'titan-v1' | 'titan-v2' | 'cohere';

export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** How calls are authenticated: a Bedrock API key, or SigV4 with fixed keys or the AWS SDK's default chain. */
export type BedrockAuth =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'static'; readonly credentials: StaticCredentials }
  | { readonly kind: 'chain'; readonly profile: string | undefined };

export interface BedrockSettings {
  /** The Bedrock model id, inference profile id or ARN, as it goes into the URL (LiteLLM's `converse/` removed). */
  readonly modelId: string;
  /** Anthropic Claude takes `thinking`, `top_k` and needs max_tokens. ARNs are recognised through model_info.base_model. */
  readonly claude: boolean;
  readonly embedding: BedrockEmbeddingFormat | undefined;
  /** The region named in the config or the environment; undefined means the shared config file's profile decides. */
  readonly region: string | undefined;
  /** The profile whose `region` is read from ~/.aws/config when no region is set elsewhere. */
  readonly profile: string | undefined;
  /** api_base, aws_bedrock_runtime_endpoint or AWS_BEDROCK_RUNTIME_ENDPOINT without a trailing slash, if set. */
  readonly endpoint: string | undefined;
  readonly auth: BedrockAuth;
  /** The operator's extra headers, names in lower case; they are signed with the rest. */
  readonly headers: Readonly<Record<string, string>>;
}

/** The litellm_params keys this provider reads; any other `aws_…` key is refused at boot, so a typo cannot pass. */
export const bedrockSettingKeys = [
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_region_name',
  'aws_profile_name',
  'aws_bedrock_runtime_endpoint',
] as const;

// LiteLLM keys for STS role assumption. The gateway does not call STS itself; a profile with role_arn does the same.
const unsupportedKeys: Readonly<Record<string, string>> = {
  aws_role_name: 'assuming a role is not supported here: put role_arn and source_profile in a profile of ~/.aws/config and set aws_profile_name',
  aws_session_name: 'assuming a role is not supported here: put role_arn and role_session_name in a profile and set aws_profile_name',
  aws_web_identity_token: 'set AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN instead; the default credential chain reads them',
  aws_sts_endpoint: 'the gateway does not call STS itself',
  aws_external_id: 'assuming a role is not supported here: put role_arn and external_id in a profile and set aws_profile_name',
};

const resolved = new WeakMap<Deployment, BedrockSettings>();

/** The settings of a deployment, resolved on first use and cached; throws a message naming what is wrong. */
export function readBedrockSettings(deployment: Deployment): BedrockSettings {
  let settings = resolved.get(deployment);
  if (settings === undefined) {
    settings = resolveBedrockSettings(deployment, process.env);
    resolved.set(deployment, settings);
  }
  return settings;
}

/** Resolves a deployment against `environment`, without caching. */
export function resolveBedrockSettings(deployment: Deployment, environment: Environment): BedrockSettings {
  const params = deployment.provider_params;
  for (const key of Object.keys(params)) {
    if (!key.startsWith('aws_') || (bedrockSettingKeys as readonly string[]).includes(key)) continue;
    const reason = unsupportedKeys[key];
    throw new Error(reason ? `litellm_params.${key}: ${reason}` : `litellm_params.${key} is not a bedrock setting (known: ${bedrockSettingKeys.join(', ')})`);
  }
  const text = (key: (typeof bedrockSettingKeys)[number]): string | undefined => {
    const value = params[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`litellm_params.${key} must be a string`);
    return value;
  };

  const modelId = bedrockModelId(deployment.model);
  const baseModel = typeof deployment.model_info.base_model === 'string' ? deployment.model_info.base_model : '';
  const endpoint = endpointOf(deployment.api_base ?? text('aws_bedrock_runtime_endpoint') ?? nonEmpty(environment.AWS_BEDROCK_RUNTIME_ENDPOINT));
  const profile = text('aws_profile_name');
  const region = text('aws_region_name') ?? nonEmpty(environment.AWS_REGION) ?? nonEmpty(environment.AWS_DEFAULT_REGION);
  if (region !== undefined && !/^[a-z0-9-]+$/.test(region)) throw new Error(`the AWS region ${JSON.stringify(region)} is not a region name (like us-east-1)`);

  const headers: Record<string, string> = {};
  Object.assign(headers, deploymentHeaders(deployment));
  if (headers.authorization !== undefined) throw new Error('litellm_params.extra_headers may not set authorization: Bedrock calls are signed (or carry the API key) by the provider');

  return Object.freeze({
    modelId,
    claude: /anthropic\.claude/.test(modelId) || /claude/.test(baseModel),
    embedding: embeddingFormat(modelId),
    region,
    profile,
    endpoint,
    auth: authOf(deployment, environment, text('aws_access_key_id'), text('aws_secret_access_key'), text('aws_session_token'), profile),
    headers: Object.freeze(headers),
  });
}

/**
 * The model id as Bedrock takes it. LiteLLM's `converse/` route is the API used here anyway; `invoke/` and the
 * model-family routes (`llama/`, `deepseek_r1/`…) are InvokeModel bodies this provider does not build.
 */
export function bedrockModelId(model: string): string {
  const id = model.startsWith('converse/') ? model.slice('converse/'.length) : model;
  if (id === '') throw new Error('litellm_params.model names no Bedrock model after bedrock/');
  if (!id.startsWith('arn:') && id.includes('/')) {
    throw new Error(`bedrock/${model}: the route '${id.slice(0, id.indexOf('/'))}/' is not supported; only the Converse API is (bedrock/<model id> or bedrock/converse/<model id>)`);
  }
  return id;
}

function embeddingFormat(modelId: string): BedrockEmbeddingFormat | undefined {
  if (/amazon\.titan-embed-text-v2/.test(modelId)) return 'titan-v2';
  if (/amazon\.titan-embed-(text-v1|g1-text-02)/.test(modelId)) return 'titan-v1';
  if (/cohere\.embed-/.test(modelId)) return 'cohere';
  return undefined;
}

function authOf(
  deployment: Deployment,
  environment: Environment,
  accessKeyId: string | undefined,
  secretAccessKey: string | undefined,
  sessionToken: string | undefined,
  profile: string | undefined,
): BedrockAuth {
  const apiKey = deployment.api_key?.reveal();
  if (apiKey !== undefined && apiKey !== '') {
    if (accessKeyId !== undefined || profile !== undefined) throw new Error('set either api_key (a Bedrock API key) or AWS credentials (aws_access_key_id, aws_profile_name), not both');
    return { kind: 'bearer', token: apiKey };
  }
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new Error('litellm_params.aws_access_key_id and aws_secret_access_key must be set together');
  }
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    if (profile !== undefined) throw new Error('set either aws_access_key_id/aws_secret_access_key or aws_profile_name, not both');
    return { kind: 'static', credentials: sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken } };
  }
  if (sessionToken !== undefined) throw new Error('litellm_params.aws_session_token needs aws_access_key_id and aws_secret_access_key');
  const token = nonEmpty(environment.AWS_BEARER_TOKEN_BEDROCK);
  if (token !== undefined && profile === undefined) return { kind: 'bearer', token };
  return { kind: 'chain', profile };
}

function endpointOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim().replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new Error(`the Bedrock runtime endpoint is not a URL: ${JSON.stringify(trimmed)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`the Bedrock runtime endpoint must be an http or https URL, got ${parsed.protocol}`);
  if (parsed.search !== '' || parsed.hash !== '') throw new Error('the Bedrock runtime endpoint may not carry a query or fragment');
  return trimmed;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
