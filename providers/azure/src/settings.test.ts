import { Secret, type Deployment } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { resolveAzureSettings } from './settings.js';

function deployment(model: string, params: Partial<Omit<Deployment, 'api_key'>> & { api_key?: string } = {}): Deployment {
  const slash = model.indexOf('/');
  const { api_key, ...rest } = params;
  return {
    id: 'test',
    model_name: 'test',
    provider: model.slice(0, slash),
    model: model.slice(slash + 1),
    request_defaults: {},
    provider_params: {},
    model_info: {},
    ...rest,
    api_key: api_key === undefined ? undefined : new Secret(api_key),
  };
}

const azurePreset = { prefix: 'azure', name: 'Azure OpenAI', keyVariables: ['AZURE_API_KEY', 'AZURE_OPENAI_API_KEY'], keyRequired: true };
const azureAIPreset = { prefix: 'azure_ai', name: 'Azure AI Foundry', keyVariables: ['AZURE_AI_API_KEY'], keyRequired: true };

describe('azure/ URLs', () => {
  it('builds the deployments route with the configured api-version and the key as api-key', () => {
    const settings = resolveAzureSettings(
      deployment('azure/gpt-4o', { api_base: 'https://pydanticai7521574644.openai.azure.com/', api_version: '2024-12-01-preview', api_key: 'azure-key-0001' }),
      {},
    );
    expect(settings).toStrictEqual({
      preset: azurePreset,
      chatUrl: 'https://pydanticai7521574644.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-12-01-preview',
      embeddingsUrl: 'https://pydanticai7521574644.openai.azure.com/openai/deployments/gpt-4o/embeddings?api-version=2024-12-01-preview',
      auth: { kind: 'key', key: 'azure-key-0001', header: 'api-key' },
      headers: {},
      secret: 'azure-key-0001',
    });
  });

  it('reads base, version and key from the environment, defaulting the version to the latest GA 2024-10-21', () => {
    const settings = resolveAzureSettings(deployment('azure/my deployment'), { AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com/openai', AZURE_OPENAI_API_KEY: 'env-key-0002' });
    expect([settings.chatUrl, settings.auth]).toStrictEqual([
      'https://res.openai.azure.com/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21',
      { kind: 'key', key: 'env-key-0002', header: 'api-key' },
    ]);
    const withVersion = resolveAzureSettings(deployment('azure/gpt-4o'), { AZURE_API_BASE: 'https://a.openai.azure.com', AZURE_API_VERSION: '2025-04-01-preview', AZURE_API_KEY: 'k1', AZURE_OPENAI_API_KEY: 'k2' });
    expect([withVersion.chatUrl, withVersion.auth]).toStrictEqual([
      'https://a.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2025-04-01-preview',
      { kind: 'key', key: 'k1', header: 'api-key' },
    ]);
  });

  it.each([
    ['v1', 'https://r.openai.azure.com', 'https://r.openai.azure.com/openai/v1/chat/completions'],
    ['latest', 'https://r.openai.azure.com/openai', 'https://r.openai.azure.com/openai/v1/chat/completions'],
    ['preview', 'https://r.openai.azure.com', 'https://r.openai.azure.com/openai/v1/chat/completions?api-version=preview'],
    [undefined, 'https://r.openai.azure.com/openai/v1/', 'https://r.openai.azure.com/openai/v1/chat/completions'],
  ])('api_version %s with base %s uses the v1 route %s', (apiVersion, base, url) => {
    const settings = resolveAzureSettings(deployment('azure/gpt-4.1', { api_base: base, api_version: apiVersion, api_key: 'k' }), {});
    expect(settings.chatUrl).toBe(url);
    expect(settings.embeddingsUrl).toBe(url.replace('/chat/completions', '/embeddings'));
  });
});

describe('azure_ai/ URLs', () => {
  it('adds /models and the model inference GA api-version to a bare Foundry resource, with the key as api-key', () => {
    const settings = resolveAzureSettings(deployment('azure_ai/DeepSeek-R1', { api_base: 'https://my-res.services.ai.azure.com', api_key: 'foundry-key' }), {});
    expect(settings).toStrictEqual({
      preset: azureAIPreset,
      chatUrl: 'https://my-res.services.ai.azure.com/models/chat/completions?api-version=2025-04-01',
      embeddingsUrl: 'https://my-res.services.ai.azure.com/models/embeddings?api-version=2025-04-01',
      auth: { kind: 'key', key: 'foundry-key', header: 'api-key' },
      headers: {},
      secret: 'foundry-key',
    });
  });

  it('keeps a given /models path and api-version', () => {
    const settings = resolveAzureSettings(deployment('azure_ai/mistral-large', { api_base: 'https://my-res.services.ai.azure.com/models', api_version: '2024-05-01-preview', api_key: 'k' }), {});
    expect(settings.chatUrl).toBe('https://my-res.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview');
  });

  it('posts to a serverless endpoint root with the key as a Bearer token and no api-version unless configured', () => {
    const settings = resolveAzureSettings(deployment('azure_ai/Llama-3.3-70B', { api_base: 'https://Llama-3-3-70B-abc.eastus2.models.ai.azure.com/' }), { AZURE_AI_API_KEY: 'serverless-key' });
    expect([settings.chatUrl, settings.auth]).toStrictEqual([
      'https://llama-3-3-70b-abc.eastus2.models.ai.azure.com/chat/completions',
      { kind: 'key', key: 'serverless-key', header: 'authorization' },
    ]);
  });

  it('takes api_base from AZURE_AI_API_BASE and uses an /openai/v1 base as it is', () => {
    const settings = resolveAzureSettings(deployment('azure_ai/grok-3'), { AZURE_AI_API_BASE: 'https://res.services.ai.azure.com/openai/v1', AZURE_AI_API_KEY: 'k' });
    expect([settings.chatUrl, settings.auth]).toStrictEqual(['https://res.services.ai.azure.com/openai/v1/chat/completions', { kind: 'key', key: 'k', header: 'api-key' }]);
  });
});

describe('sign-in', () => {
  it('sends azure_ad_token as a Bearer token', () => {
    const settings = resolveAzureSettings(deployment('azure/gpt-4o', { api_base: 'https://r.openai.azure.com', provider_params: { azure_ad_token: 'eyJ0eXAi.token' } }), {});
    expect([settings.auth, settings.secret]).toStrictEqual([{ kind: 'token', token: 'eyJ0eXAi.token' }, 'eyJ0eXAi.token']);
  });

  it('reads AZURE_AD_TOKEN when no key is set anywhere', () => {
    const settings = resolveAzureSettings(deployment('azure/gpt-4o', { api_base: 'https://r.openai.azure.com' }), { AZURE_AD_TOKEN: 'env-token' });
    expect(settings.auth).toStrictEqual({ kind: 'token', token: 'env-token' });
  });

  it('exchanges a client secret at the tenant token endpoint for the Cognitive Services scope', () => {
    const params = { tenant_id: 'tenant-1', client_id: 'client-1', client_secret: 'secret-1' };
    const settings = resolveAzureSettings(deployment('azure/gpt-4o', { api_base: 'https://r.openai.azure.com', provider_params: params }), {});
    expect([settings.auth, settings.secret]).toStrictEqual([
      {
        kind: 'client-secret',
        tenantId: 'tenant-1',
        clientId: 'client-1',
        clientSecret: 'secret-1',
        scope: 'https://cognitiveservices.azure.com/.default',
        tokenUrl: 'https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token',
      },
      undefined,
    ]);
  });

  it('takes the client secret from the environment, with AZURE_AUTHORITY_HOST and azure_scope', () => {
    const settings = resolveAzureSettings(deployment('azure/gpt-4o', { api_base: 'https://r.openai.azure.us', provider_params: { azure_scope: 'https://cognitiveservices.azure.us/.default' } }), {
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 's',
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
    });
    expect(settings.auth).toStrictEqual({
      kind: 'client-secret',
      tenantId: 't',
      clientId: 'c',
      clientSecret: 's',
      scope: 'https://cognitiveservices.azure.us/.default',
      tokenUrl: 'https://login.microsoftonline.us/t/oauth2/v2.0/token',
    });
  });

  it('lets the operator headers come after the auth header, names lower-cased, hop-by-hop removed', () => {
    const settings = resolveAzureSettings(
      deployment('azure_ai/phi-4', { api_base: 'https://x.services.ai.azure.com/models', api_key: 'k', headers: { 'Extra-Parameters': 'pass-through', Connection: 'close' } }),
      {},
    );
    expect(settings.headers).toStrictEqual({ 'extra-parameters': 'pass-through' });
  });
});

describe('boot problems', () => {
  it.each([
    [
      'azure/gpt-4o',
      {},
      {},
      'litellm_params.api_base is required: your resource\'s endpoint, e.g. https://my-resource.openai.azure.com (or set AZURE_API_BASE or AZURE_OPENAI_ENDPOINT)',
    ],
    ['azure_ai/phi-4', {}, { AZURE_AI_API_KEY: 'k' }, "litellm_params.api_base is required: your endpoint, e.g. https://my-resource.services.ai.azure.com or https://my-endpoint.eastus2.models.ai.azure.com (or set AZURE_AI_API_BASE)"],
    [
      'azure/gpt-4o',
      { api_base: 'https://r.openai.azure.com' },
      {},
      'no credentials for azure/: set litellm_params.api_key, azure_ad_token or tenant_id/client_id/client_secret, or the environment variable AZURE_API_KEY, AZURE_OPENAI_API_KEY, AZURE_AD_TOKEN or AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET',
    ],
    [
      'azure/gpt-4o',
      { api_base: 'https://r.openai.azure.com', api_key: 'k', provider_params: { azure_ad_token: 't' } },
      {},
      'litellm_params.api_key, litellm_params.azure_ad_token and litellm_params.tenant_id/client_id/client_secret are different ways to sign in: give only one',
    ],
    [
      'azure/gpt-4o',
      { api_base: 'https://r.openai.azure.com', provider_params: { tenant_id: 't', client_secret: 's' } },
      {},
      'signing in with a client secret needs litellm_params.tenant_id, litellm_params.client_id and litellm_params.client_secret; missing litellm_params.client_id',
    ],
    [
      'azure/gpt-4o',
      { api_base: 'https://r.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21', api_key: 'k' },
      {},
      'litellm_params.api_base must not carry a query or fragment: the path and api-version are added per call (set api_version instead)',
    ],
    [
      'azure/gpt-4o',
      { api_base: 'ftp://r', api_key: 'k', provider_params: { azure_username: 'u', azure_password: 'p', tenant_id: 42 } },
      {},
      'litellm_params.azure_username: username/password sign-in is not supported; use api_key, azure_ad_token or tenant_id/client_id/client_secret; litellm_params.azure_password: username/password sign-in is not supported; use api_key, azure_ad_token or tenant_id/client_id/client_secret; litellm_params.tenant_id must be a string; litellm_params.api_base must be an http or https URL, got ftp:',
    ],
  ])('%s %j env %j: %s', (model, params, environment, message) => {
    expect(() => resolveAzureSettings(deployment(model, params as Partial<Deployment> & { api_key?: string }), environment)).toThrow(message);
  });
});
