import { prepareConfig, type LitellmParams } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { resolveMistralSettings, type Environment } from './settings.js';

function resolve(litellmParams: Partial<LitellmParams>, environment: Environment = {}) {
  const deployment = prepareConfig({ model_list: [{ model_name: 'm', litellm_params: { model: 'mistral/mistral-small-latest', ...litellmParams } }] }, { env: {} }).deployments[0];
  return resolveMistralSettings(deployment, environment);
}

describe('resolveMistralSettings', () => {
  it('defaults to https://api.mistral.ai/v1 with the configured key', () => {
    expect(resolve({ api_key: 'sk-config' })).toStrictEqual({
      baseUrl: 'https://api.mistral.ai/v1',
      apiKey: 'sk-config',
      headers: { authorization: 'Bearer sk-config' },
      defaults: {},
    });
  });

  it('appends /v1 to an api_base without it and keeps one that has it, as LiteLLM does', () => {
    expect(resolve({ api_key: 'k', api_base: 'https://proxy.example/mistral/' }).baseUrl).toBe('https://proxy.example/mistral/v1');
    expect(resolve({ api_key: 'k', api_base: 'https://api.mistral.ai/v1/' }).baseUrl).toBe('https://api.mistral.ai/v1');
  });

  it('reads MISTRAL_API_KEY when no api_key is configured, and MISTRAL_AZURE_API_BASE/KEY first, in LiteLLM’s order', () => {
    expect(resolve({}, { MISTRAL_API_KEY: 'env-key' }).apiKey).toBe('env-key');
    expect(resolve({}, { MISTRAL_API_KEY: 'env-key', MISTRAL_AZURE_API_KEY: 'azure-key', MISTRAL_AZURE_API_BASE: 'https://my.azure.example' })).toMatchObject({
      apiKey: 'azure-key',
      baseUrl: 'https://my.azure.example/v1',
    });
    expect(resolve({ api_key: 'config-key' }, { MISTRAL_API_KEY: 'env-key' }).apiKey).toBe('config-key');
  });

  it('adds extra_headers after authorization, in lower case, without hop-by-hop headers', () => {
    expect(resolve({ api_key: 'k', extra_headers: { 'X-Team': 'a', Connection: 'close' } }).headers).toStrictEqual({ authorization: 'Bearer k', 'x-team': 'a' });
  });

  it('reads safe_prompt and prompt_mode as deployment defaults', () => {
    expect(resolve({ api_key: 'k', safe_prompt: true, prompt_mode: 'reasoning' }).defaults).toStrictEqual({ safe_prompt: true, prompt_mode: 'reasoning' });
  });

  it('reports every problem at once', () => {
    expect(() => resolve({ api_base: 'ftp://x', safe_prompt: 'yes', prompt_mode: 'fast', temprature: 1 }, {})).toThrow(
      "litellm_params.api_base must be an http or https URL, got ftp:; no API key for mistral/: set litellm_params.api_key or the environment variable MISTRAL_API_KEY; litellm_params.safe_prompt must be true or false, got \"yes\"; litellm_params.prompt_mode must be 'reasoning' or null, got \"fast\"",
    );
  });

  it('leaves litellm_params meant for others alone', () => {
    expect(resolve({ api_key: 'k', input_cost_per_token: 1e-6, max_retries: 2, tags: ['a'] }).defaults).toStrictEqual({});
  });

  it('refuses an api_base that is not a URL', () => {
    expect(() => resolve({ api_key: 'k', api_base: 'api.mistral.ai' })).toThrow('litellm_params.api_base is not a URL: "api.mistral.ai"');
  });
});
