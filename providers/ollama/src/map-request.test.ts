import { join } from 'node:path';
import { GatewayError, type ChatRequest, type EmbeddingsRequest } from '@switchyard/core';
import { openAPIValidator, readFixtureJson, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapOllamaChatRequest, mapOllamaEmbedRequest, mapOllamaModelsRequest } from './map-request.js';
import type { OllamaSettings } from './settings.js';

const spec = openAPIValidator(join(specsDir(), 'ollama/openapi.yaml'));

const local: OllamaSettings = { baseUrl: 'http://localhost:11434', displayUrl: 'http://localhost:11434', apiKey: undefined, headers: {}, options: {}, keepAlive: undefined };
const cloud: OllamaSettings = { ...local, baseUrl: 'https://ollama.com', displayUrl: 'https://ollama.com', apiKey: 'ollama-key-0001', headers: { authorization: 'Bearer ollama-key-0001' } };

function refusal(run: () => unknown): { code: string; param: string | null; message: string } {
  try {
    run();
  } catch (error) {
    if (!GatewayError.isGatewayError(error)) throw error;
    return { code: error.code, param: error.param, message: error.message };
  }
  throw new Error('expected a refusal');
}

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Get the weather in a given city',
    parameters: { type: 'object', properties: { city: { type: 'string', description: 'The city to get the weather for' } }, required: ['city'] },
  },
};

describe('mapOllamaChatRequest', () => {
  it('builds the documented tools request (ollama-docs chat-request-no-streaming-with-tools)', () => {
    const request: ChatRequest = { model: 'llama3.2', messages: [{ role: 'user', content: 'what is the weather in tokyo?' }], tools: [weatherTool], tool_choice: 'auto' };
    const upstream = mapOllamaChatRequest(request, local, false);
    expect(upstream).toEqual({
      url: 'http://localhost:11434/api/chat',
      headers: { 'content-type': 'application/json' },
      body: readFixtureJson('ollama/ollama-docs/chat-request-no-streaming-with-tools.request.json'),
    });
    expect(spec.check('ChatRequest', upstream.body)).toEqual([]);
  });

  it('builds the documented structured-output request from a json_schema response_format (ollama-docs chat-request-structured-outputs)', () => {
    const documented = readFixtureJson<{ messages: ChatRequest['messages']; format: Record<string, unknown> }>('ollama/ollama-docs/chat-request-structured-outputs.request.json');
    const request: ChatRequest = {
      model: 'llama3.1',
      messages: documented.messages,
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema: documented.format } },
    };
    const upstream = mapOllamaChatRequest(request, local, false);
    expect(upstream.body).toEqual(documented);
    expect(JSON.stringify(upstream.body)).toBe(JSON.stringify(documented));
    expect(spec.check('ChatRequest', upstream.body)).toEqual([]);
  });

  it('puts every sampling param into options under its Ollama name, with the key for ollama.com', () => {
    const request: ChatRequest = {
      model: 'gpt-oss:120b',
      messages: [{ role: 'user', content: 'Hello!' }],
      temperature: 0.2,
      top_p: 0.9,
      seed: 101,
      stop: ['\n', 'user:'],
      max_completion_tokens: 100,
      presence_penalty: 1.5,
      frequency_penalty: 1,
      response_format: { type: 'json_object' },
      reasoning_effort: 'high',
      n: 1,
      keep_alive: '10m',
      num_ctx: 8192,
      stream_options: { include_usage: true },
    };
    const upstream = mapOllamaChatRequest(request, cloud, true);
    expect(upstream).toEqual({
      url: 'https://ollama.com/api/chat',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ollama-key-0001' },
      body: {
        model: 'gpt-oss:120b',
        messages: [{ role: 'user', content: 'Hello!' }],
        stream: true,
        format: 'json',
        options: { num_ctx: 8192, temperature: 0.2, top_p: 0.9, seed: 101, stop: ['\n', 'user:'], presence_penalty: 1.5, frequency_penalty: 1, num_predict: 100 },
        think: 'high',
        keep_alive: '10m',
      },
    });
    expect(spec.check('ChatRequest', upstream.body)).toEqual([]);
  });

  it("merges the deployment's options and keep_alive under the request's", () => {
    const settings: OllamaSettings = { ...local, options: { num_ctx: 4096, top_k: 20 }, keepAlive: -1 };
    const upstream = mapOllamaChatRequest({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], num_ctx: 16384, max_tokens: 5 }, settings, false);
    expect(upstream.body).toEqual({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: false, options: { num_ctx: 16384, top_k: 20, num_predict: 5 }, keep_alive: -1 });
  });

  it.each([
    ['none', false],
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
    ['xhigh', 'max'],
  ])('maps reasoning_effort %s to think %j', (effort, think) => {
    const upstream = mapOllamaChatRequest({ model: 'qwen3', messages: [{ role: 'user', content: 'hi' }], reasoning_effort: effort }, local, false);
    expect(upstream.body.think).toBe(think);
    expect(spec.check('ChatRequest', upstream.body)).toEqual([]);
  });

  it("passes Ollama's own think when it agrees with reasoning_effort", () => {
    expect(mapOllamaChatRequest({ model: 'qwen3', messages: [{ role: 'user', content: 'hi' }], think: true }, local, false).body.think).toBe(true);
    expect(mapOllamaChatRequest({ model: 'qwen3', messages: [{ role: 'user', content: 'hi' }], think: 'low', reasoning_effort: 'low' }, local, false).body.think).toBe('low');
  });

  it("tool_choice 'none' sends no tools; a tool without parameters gets the empty object schema", () => {
    const request = (toolChoice: ChatRequest['tool_choice']): ChatRequest => ({
      model: 'qwen3',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'now' } }],
      tool_choice: toolChoice,
    });
    expect(mapOllamaChatRequest(request('none'), local, false).body.tools).toBeUndefined();
    expect(mapOllamaChatRequest(request(undefined), local, false).body.tools).toEqual([{ type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } }]);
  });

  it.each([
    [{ n: 2 }, { code: 'unsupported_parameter', param: 'n', message: 'ollama returns one choice per request; n must be 1.' }],
    [{ max_tokens: 10, max_completion_tokens: 20 }, { code: 'invalid_request', param: 'max_completion_tokens', message: 'max_tokens and max_completion_tokens differ; send one of them.' }],
    [
      { reasoning_effort: 'minimal' },
      { code: 'invalid_request', param: 'reasoning_effort', message: "ollama has no thinking level for reasoning_effort 'minimal'; use none, low, medium, high or xhigh (Ollama's max)." },
    ],
    [{ reasoning_effort: 'low', think: 'high' }, { code: 'invalid_request', param: 'think', message: 'think and reasoning_effort disagree; send one of them.' }],
    [{ think: 'extreme' }, { code: 'invalid_request', param: 'think', message: 'think must be true, false, "low", "medium", "high" or "max".' }],
    [
      { tool_choice: 'required' },
      { code: 'unsupported_parameter', param: 'tool_choice', message: "ollama does not support the parameter 'tool_choice'. Remove it, or set drop_params to drop unsupported parameters." },
    ],
    [
      { parallel_tool_calls: false },
      { code: 'unsupported_parameter', param: 'parallel_tool_calls', message: "ollama does not support the parameter 'parallel_tool_calls'. Remove it, or set drop_params to drop unsupported parameters." },
    ],
    [
      { response_format: { type: 'json_schema', json_schema: { name: 'x' } } },
      { code: 'invalid_request', param: 'response_format.json_schema.schema', message: 'ollama needs the JSON schema itself in response_format.json_schema.schema.' },
    ],
    [{ keep_alive: {} }, { code: 'invalid_request', param: 'keep_alive', message: 'keep_alive must be a duration such as "5m" or a number of seconds, got {}' }],
    [{ num_ctx: 1.5 }, { code: 'invalid_request', param: 'num_ctx', message: 'request.num_ctx must be an integer, got 1.5' }],
    [{ truncate: 'yes' }, { code: 'invalid_request', param: 'truncate', message: 'truncate must be a boolean.' }],
  ])('refuses %j', (params, expected) => {
    expect(refusal(() => mapOllamaChatRequest({ model: 'qwen3', messages: [{ role: 'user', content: 'hi' }], ...params } as ChatRequest, local, false))).toEqual(expected);
  });
});

describe('mapOllamaEmbedRequest', () => {
  it('posts text inputs, dimensions and truncate to /api/embed', () => {
    const request: EmbeddingsRequest = { model: 'embeddinggemma', input: ['Why is the sky blue?', 'Why is the grass green?'], dimensions: 128, encoding_format: 'float', truncate: false };
    const upstream = mapOllamaEmbedRequest(request, local);
    expect(upstream).toEqual({
      url: 'http://localhost:11434/api/embed',
      headers: { 'content-type': 'application/json' },
      body: { model: 'embeddinggemma', input: ['Why is the sky blue?', 'Why is the grass green?'], dimensions: 128, truncate: false },
    });
    expect(spec.check('EmbedRequest', upstream.body)).toEqual([]);
  });

  it('refuses token-id input', () => {
    expect(refusal(() => mapOllamaEmbedRequest({ model: 'embeddinggemma', input: [1, 2, 3] }, local))).toEqual({
      code: 'unsupported_parameter',
      param: 'input',
      message: 'ollama embeds text only: input must be a string or an array of strings, not token ids.',
    });
  });
});

describe('mapOllamaModelsRequest', () => {
  it('reads GET /api/tags with the key and no content type', () => {
    expect(mapOllamaModelsRequest(cloud)).toEqual({ url: 'https://ollama.com/api/tags', headers: { authorization: 'Bearer ollama-key-0001' } });
  });
});
