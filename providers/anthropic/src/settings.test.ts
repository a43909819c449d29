import { Secret, type Deployment } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { resolveAnthropicSettings } from './settings.js';

function deployment(fields: Partial<Deployment> = {}): Deployment {
  return { id: 'd1', model_name: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-5', request_defaults: {}, provider_params: {}, model_info: {}, ...fields };
}

describe('resolveAnthropicSettings', () => {
  it("sends the config's key as x-api-key with anthropic-version 2023-06-01 to the public API by default", () => {
    expect(resolveAnthropicSettings(deployment({ api_key: new Secret('sk-ant-config-0001') }), { ANTHROPIC_API_KEY: 'sk-ant-env-0002' })).toStrictEqual({
      url: 'https://api.anthropic.com/v1/messages',
      apiKey: 'sk-ant-config-0001',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-config-0001', 'anthropic-version': '2023-06-01' },
    });
  });

  it('reads ANTHROPIC_API_KEY and ANTHROPIC_API_BASE, then ANTHROPIC_BASE_URL, from the environment', () => {
    expect(resolveAnthropicSettings(deployment(), { ANTHROPIC_API_KEY: 'sk-ant-env-0002', ANTHROPIC_API_BASE: 'https://proxy.example/anthropic', ANTHROPIC_BASE_URL: 'https://other.example' })).toMatchObject({
      url: 'https://proxy.example/anthropic/v1/messages',
      apiKey: 'sk-ant-env-0002',
    });
    expect(resolveAnthropicSettings(deployment(), { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'https://other.example/' }).url).toBe('https://other.example/v1/messages');
  });

  it('accepts api_base with or without /v1 or /v1/messages, as LiteLLM does', () => {
    const url = (api_base: string) => resolveAnthropicSettings(deployment({ api_base, api_key: new Secret('k') }), {}).url;
    expect([url('http://127.0.0.1:9000'), url('http://127.0.0.1:9000/v1/'), url('http://127.0.0.1:9000/v1/messages')]).toEqual([
      'http://127.0.0.1:9000/v1/messages',
      'http://127.0.0.1:9000/v1/messages',
      'http://127.0.0.1:9000/v1/messages',
    ]);
  });

  it('adds anthropic-beta from the anthropic_beta setting, and lets extra_headers override any header', () => {
    const settings = resolveAnthropicSettings(
      deployment({ api_key: new Secret('k'), provider_params: { anthropic_beta: ['files-api-2025-04-14', 'context-1m-2025-08-07'] }, headers: { 'Anthropic-Version': '2024-01-01', 'x-team': 'ml' } }),
      {},
    );
    expect(settings.headers).toStrictEqual({
      'content-type': 'application/json',
      'x-api-key': 'k',
      'anthropic-version': '2024-01-01',
      'anthropic-beta': 'files-api-2025-04-14,context-1m-2025-08-07',
      'x-team': 'ml',
    });
  });

  it('stops boot without a key, with a bad api_base or a malformed anthropic_beta', () => {
    expect(() => resolveAnthropicSettings(deployment(), {})).toThrow('no API key for anthropic/: set litellm_params.api_key or the environment variable ANTHROPIC_API_KEY');
    expect(() => resolveAnthropicSettings(deployment({ api_key: new Secret('k'), api_base: 'not a url' }), {})).toThrow('litellm_params.api_base is not a URL: "not a url"');
    expect(() => resolveAnthropicSettings(deployment({ api_key: new Secret('k'), api_base: 'ftp://x' }), {})).toThrow('litellm_params.api_base must be an http or https URL, got ftp:');
    expect(() => resolveAnthropicSettings(deployment({ api_key: new Secret('k'), provider_params: { anthropic_beta: 3 } }), {})).toThrow(
      'litellm_params.anthropic_beta must be a beta name or a list of them (e.g. [prompt-caching-2024-07-31]), got 3',
    );
  });
});
