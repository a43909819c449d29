import { prepareConfig, type Deployment, type LitellmParams } from '@switchyard/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openAIPresets } from './presets.js';
import { readOpenAISettings, resolveOpenAISettings } from './settings.js';

function deploymentOf(litellmParams: LitellmParams): Deployment {
  return prepareConfig({ model_list: [{ model_name: 'test-model', litellm_params: litellmParams }] }, { env: {} }).deployments[0];
}

describe('resolveOpenAISettings', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('uses the preset base URL and the litellm_params key for openai/', () => {
    const settings = resolveOpenAISettings(deploymentOf({ model: 'openai/gpt-4o', api_key: 'sk-config-key-0001' }), {});
    expect({ baseUrl: settings.baseUrl, apiKey: settings.apiKey, headers: settings.headers }).toStrictEqual({
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-config-key-0001',
      headers: { authorization: 'Bearer sk-config-key-0001' },
    });
  });

  it('reads the preset key variable when litellm_params has no api_key', () => {
    const settings = resolveOpenAISettings(deploymentOf({ model: 'groq/llama-3.3-70b-versatile' }), { GROQ_API_KEY: 'gsk_from_environment' });
    expect({ baseUrl: settings.baseUrl, headers: settings.headers }).toStrictEqual({
      baseUrl: 'https://api.groq.com/openai/v1',
      headers: { authorization: 'Bearer gsk_from_environment' },
    });
  });

  it('prefers litellm_params.api_key over the environment', () => {
    const settings = resolveOpenAISettings(deploymentOf({ model: 'xai/grok-3-mini', api_key: 'xai-config' }), { XAI_API_KEY: 'xai-environment' });
    expect(settings.apiKey).toBe('xai-config');
  });

  it('tries the key variables in LiteLLM order and skips empty ones', () => {
    const deployment = deploymentOf({ model: 'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo' });
    expect(resolveOpenAISettings(deployment, { TOGETHERAI_API_KEY: 'third', TOGETHER_AI_API_KEY: 'second' }).apiKey).toBe('second');
    expect(resolveOpenAISettings(deployment, { TOGETHER_API_KEY: '', TOGETHERAI_API_KEY: 'third' }).apiKey).toBe('third');
  });

  it('strips trailing slashes from api_base', () => {
    const settings = resolveOpenAISettings(deploymentOf({ model: 'openai/local-model', api_base: 'http://127.0.0.1:8080/v1//', api_key: 'none' }), {});
    expect(settings.baseUrl).toBe('http://127.0.0.1:8080/v1');
  });

  it('sends no authorization header to a keyless local server', () => {
    const settings = resolveOpenAISettings(deploymentOf({ model: 'lm_studio/qwen2.5-7b-instruct' }), {});
    expect({ baseUrl: settings.baseUrl, apiKey: settings.apiKey, headers: settings.headers }).toStrictEqual({
      baseUrl: 'http://localhost:1234/v1',
      apiKey: undefined,
      headers: {},
    });
  });

  it('refuses a vLLM deployment without api_base, naming the setting', () => {
    expect(() => resolveOpenAISettings(deploymentOf({ model: 'hosted_vllm/meta-llama/Llama-3.1-8B-Instruct' }), {})).toThrow(
      "litellm_params.api_base is required for hosted_vllm/ (vLLM (hosted)): the URL of your server's OpenAI-compatible API, e.g. http://localhost:8000/v1",
    );
  });

  it('refuses a deployment whose required key is neither configured nor in the environment', () => {
    expect(() => resolveOpenAISettings(deploymentOf({ model: 'together_ai/some-model' }), {})).toThrow(
      'no API key for together_ai/ (Together AI): set litellm_params.api_key or the environment variable TOGETHER_API_KEY or TOGETHER_AI_API_KEY or TOGETHERAI_API_KEY or TOGETHER_AI_TOKEN',
    );
  });

  it('refuses an api_base that is not an http URL', () => {
    expect(() => resolveOpenAISettings(deploymentOf({ model: 'vllm/some-model', api_base: 'ftp://example.com/v1' }), {})).toThrow('litellm_params.api_base must be an http or https URL, got ftp:');
    expect(() => resolveOpenAISettings(deploymentOf({ model: 'vllm/some-model', api_base: 'not a url' }), {})).toThrow('litellm_params.api_base is not a URL: "not a url"');
  });

  it('adds extra_headers in lower case after the key, leaving out hop-by-hop headers', () => {
    const settings = resolveOpenAISettings(
      deploymentOf({ model: 'openrouter/*', api_key: 'sk-or-key', extra_headers: { 'HTTP-Referer': 'https://example.com', 'X-Title': 'Example', Connection: 'close', Host: 'evil.example' } }),
      {},
    );
    expect(settings.headers).toStrictEqual({ authorization: 'Bearer sk-or-key', 'http-referer': 'https://example.com', 'x-title': 'Example' });
  });

  it('lets extra_headers replace authorization for a host with its own scheme', () => {
    const settings = resolveOpenAISettings(deploymentOf({ model: 'hosted_vllm/m', api_base: 'http://vllm:8000/v1', extra_headers: { Authorization: 'Basic dXNlcjpwYXNz' } }), {});
    expect(settings.headers).toStrictEqual({ authorization: 'Basic dXNlcjpwYXNz' });
  });

  it("sends litellm_params.organization as OpenAI's organization header", () => {
    const settings = resolveOpenAISettings(deploymentOf({ model: 'openai/gpt-4o', api_key: 'sk-x', organization: 'org-123' }), {});
    expect(settings.headers).toStrictEqual({ authorization: 'Bearer sk-x', 'openai-organization': 'org-123' });
  });

  it('resolves every preset to its documented base URL and key variables', () => {
    const table = Object.fromEntries(Object.values(openAIPresets).map((preset) => [preset.prefix, [preset.baseUrl, preset.keyVariables.join(' '), preset.keyRequired]]));
    expect(table).toStrictEqual({
      openai: ['https://api.openai.com/v1', 'OPENAI_API_KEY', true],
      groq: ['https://api.groq.com/openai/v1', 'GROQ_API_KEY', true],
      together_ai: ['https://api.together.ai/v1', 'TOGETHER_API_KEY TOGETHER_AI_API_KEY TOGETHERAI_API_KEY TOGETHER_AI_TOKEN', true],
      fireworks_ai: ['https://api.fireworks.ai/inference/v1', 'FIREWORKS_API_KEY FIREWORKS_AI_API_KEY FIREWORKSAI_API_KEY FIREWORKS_AI_TOKEN', true],
      deepseek: ['https://api.deepseek.com', 'DEEPSEEK_API_KEY', true],
      perplexity: ['https://api.perplexity.ai', 'PERPLEXITYAI_API_KEY PERPLEXITY_API_KEY', true],
      openrouter: ['https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY OR_API_KEY', true],
      xai: ['https://api.x.ai/v1', 'XAI_API_KEY', true],
      nvidia_nim: ['https://integrate.api.nvidia.com/v1', 'NVIDIA_NIM_API_KEY', true],
      hosted_vllm: [undefined, 'HOSTED_VLLM_API_KEY', false],
      vllm: [undefined, 'VLLM_API_KEY', false],
      huggingface: [undefined, 'HF_TOKEN HUGGINGFACE_API_KEY', false],
      lm_studio: ['http://localhost:1234/v1', 'LM_STUDIO_API_KEY', false],
    });
  });
});

describe('readOpenAISettings', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('reads the environment once per deployment', () => {
    const deployment = deploymentOf({ model: 'deepseek/deepseek-chat' });
    vi.stubEnv('DEEPSEEK_API_KEY', 'sk-first-read-0001');
    const first = readOpenAISettings(deployment);
    vi.stubEnv('DEEPSEEK_API_KEY', 'sk-second-read-0002');
    expect(readOpenAISettings(deployment)).toBe(first);
    expect(first.apiKey).toBe('sk-first-read-0001');
  });
});
