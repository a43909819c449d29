import { Secret, type Deployment } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { hostToUrl, resolveOllamaSettings } from './settings.js';

function ollamaDeployment(overrides: Partial<Omit<Deployment, 'api_key'>> & { api_key?: string } = {}): Deployment {
  const { api_key, ...rest } = overrides;
  return {
    id: 'test',
    model_name: 'local',
    provider: 'ollama',
    model: 'llama3.2',
    request_defaults: {},
    provider_params: {},
    model_info: {},
    ...(api_key === undefined ? {} : { api_key: new Secret(api_key) }),
    ...rest,
  };
}

describe('resolveOllamaSettings', () => {
  it('defaults to a keyless local server', () => {
    expect(resolveOllamaSettings(ollamaDeployment(), {})).toEqual({
      baseUrl: 'http://localhost:11434',
      displayUrl: 'http://localhost:11434',
      apiKey: undefined,
      headers: {},
      options: {},
      keepAlive: undefined,
    });
  });

  it('takes api_base over OLLAMA_API_BASE over OLLAMA_HOST, trimming slashes and a trailing /api', () => {
    const environment = { OLLAMA_API_BASE: 'http://gpu-box:11434/', OLLAMA_HOST: '0.0.0.0' };
    expect(resolveOllamaSettings(ollamaDeployment({ api_base: 'https://ollama.com/api/' }), environment).baseUrl).toBe('https://ollama.com');
    expect(resolveOllamaSettings(ollamaDeployment(), environment).baseUrl).toBe('http://gpu-box:11434');
    expect(resolveOllamaSettings(ollamaDeployment(), { OLLAMA_HOST: '0.0.0.0' }).baseUrl).toBe('http://127.0.0.1:11434');
  });

  it('sends the key as a bearer token, from api_key or OLLAMA_API_KEY, then the extra headers', () => {
    const fromConfig = resolveOllamaSettings(ollamaDeployment({ api_key: 'config-key-0001', headers: { 'X-Team': 'a', Connection: 'close' } }), { OLLAMA_API_KEY: 'env-key-0001' });
    expect(fromConfig.headers).toEqual({ authorization: 'Bearer config-key-0001', 'x-team': 'a' });
    expect(resolveOllamaSettings(ollamaDeployment(), { OLLAMA_API_KEY: 'env-key-0001' }).headers).toEqual({ authorization: 'Bearer env-key-0001' });
  });

  it('keeps credentials in an api_base out of the display URL', () => {
    const settings = resolveOllamaSettings(ollamaDeployment({ api_base: 'https://user:pass@proxy.example/ollama?token=abc' }), {});
    expect({ baseUrl: settings.baseUrl, displayUrl: settings.displayUrl }).toEqual({
      baseUrl: 'https://user:pass@proxy.example/ollama?token=abc',
      displayUrl: 'https://proxy.example/ollama',
    });
  });

  it('reads Ollama options and keep_alive from litellm_params and ignores unrelated keys', () => {
    const settings = resolveOllamaSettings(ollamaDeployment({ provider_params: { num_ctx: 8192, use_mmap: false, keep_alive: '10m', input_cost_per_token: 0 } }), {});
    expect({ options: settings.options, keepAlive: settings.keepAlive }).toEqual({ options: { num_ctx: 8192, use_mmap: false }, keepAlive: '10m' });
  });

  it.each([
    [{ api_base: 'not a url' }, 'litellm_params.api_base is not a URL: "not a url"'],
    [{ api_base: 'ftp://box' }, 'litellm_params.api_base must be an http or https URL, got ftp:'],
    [{ provider_params: { num_ctx: '8k' } }, 'litellm_params.num_ctx must be an integer, got "8k"'],
    [{ provider_params: { numa: 1 } }, 'litellm_params.numa must be a boolean, got 1'],
    [{ provider_params: { keep_alive: true } }, 'litellm_params.keep_alive must be a duration such as "5m" or a number of seconds, got true'],
  ])('refuses %j', (overrides, message) => {
    expect(() => resolveOllamaSettings(ollamaDeployment(overrides as Partial<Omit<Deployment, 'api_key'>>), {})).toThrow(message);
  });
});

describe('hostToUrl (OLLAMA_HOST as Ollama reads it)', () => {
  it.each([
    ['localhost', 'http://localhost:11434'],
    ['gpu-box:8080', 'http://gpu-box:8080'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['[::]:11434', 'http://[::1]:11434'],
    ['https://ollama.example/base', 'https://ollama.example/base'],
    ['http://box', 'http://box'],
  ])('%s → %s', (host, url) => {
    expect(hostToUrl(host)).toBe(url);
  });
});
