import { prepareConfig, type ChatRequest, type EmbeddingsRequest, type LitellmParams } from '@switchyard/core';
import { readFixtureJson } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapOpenAIChatRequest, mapOpenAIEmbeddingsRequest, mapOpenAIModelsRequest } from './map-request.js';
import { resolveOpenAISettings } from './settings.js';

function settingsOf(litellmParams: LitellmParams) {
  const deployment = prepareConfig({ model_list: [{ model_name: 'test-model', litellm_params: litellmParams }] }, { env: {} }).deployments[0];
  return resolveOpenAISettings(deployment, {});
}

describe('mapOpenAIChatRequest', () => {
  it("posts the request unchanged to the preset's /chat/completions", () => {
    const request = readFixtureJson<ChatRequest>('openai/pydantic-ai/test_tool_choice_matrix.required-openai.1.request.json');
    const upstream = mapOpenAIChatRequest(request, settingsOf({ model: 'openai/gpt-5-mini', api_key: 'sk-test' }));
    expect(upstream).toStrictEqual({
      url: 'https://api.openai.com/v1/chat/completions',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: request,
    });
    expect(upstream.body).toBe(request);
  });

  it("uses Groq's /openai/v1 prefix and DeepSeek's root path", () => {
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(mapOpenAIChatRequest(request, settingsOf({ model: 'groq/m', api_key: 'gsk_x' })).url).toBe('https://api.groq.com/openai/v1/chat/completions');
    expect(mapOpenAIChatRequest(request, settingsOf({ model: 'deepseek/m', api_key: 'sk-x' })).url).toBe('https://api.deepseek.com/chat/completions');
    expect(mapOpenAIChatRequest(request, settingsOf({ model: 'perplexity/sonar', api_key: 'pplx-x' })).url).toBe('https://api.perplexity.ai/chat/completions');
  });

  it('joins a custom api_base without doubling its slash', () => {
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(mapOpenAIChatRequest(request, settingsOf({ model: 'hosted_vllm/m', api_base: 'http://vllm.internal:8000/v1/' })).url).toBe('http://vllm.internal:8000/v1/chat/completions');
  });
});

describe('mapOpenAIEmbeddingsRequest', () => {
  it('posts the request unchanged to /embeddings', () => {
    const request: EmbeddingsRequest = { model: 'text-embedding-3-small', input: ['sunny day at the beach', 'rainy day in the city'], encoding_format: 'float' };
    expect(mapOpenAIEmbeddingsRequest(request, settingsOf({ model: 'openai/text-embedding-3-small', api_key: 'sk-test' }))).toStrictEqual({
      url: 'https://api.openai.com/v1/embeddings',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: request,
    });
  });
});

describe('mapOpenAIModelsRequest', () => {
  it('gets /models with no body and no content-type', () => {
    expect(mapOpenAIModelsRequest(settingsOf({ model: 'lm_studio/qwen' }))).toStrictEqual({ url: 'http://localhost:1234/v1/models', headers: {} });
  });
});
