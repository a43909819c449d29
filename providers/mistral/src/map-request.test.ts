import { join } from 'node:path';
import type { ChatRequest, EmbeddingsRequest } from '@switchyard/core';
import { openAPIValidator, readFixtureJson, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapMistralChatRequest, mapMistralEmbeddingsRequest } from './map-request.js';
import type { MistralSettings } from './settings.js';

const mistralSpec = openAPIValidator(join(specsDir(), 'mistral', 'mistral-openapi-public-doc.yaml'));
const settings: MistralSettings = { baseUrl: 'https://api.mistral.ai/v1', apiKey: 'k', headers: { authorization: 'Bearer k' }, defaults: {} };
const headers = { 'content-type': 'application/json', authorization: 'Bearer k' };
const hello: ChatRequest['messages'] = [{ role: 'user', content: 'hi' }];

function chat(request: Partial<ChatRequest>, stream = false, withSettings = settings) {
  const upstream = mapMistralChatRequest({ model: 'mistral-small-latest', messages: hello, ...request }, withSettings, stream);
  expect(mistralSpec.check('ChatCompletionRequest', upstream.body)).toStrictEqual([]);
  return upstream;
}

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    const { status, code, param, message } = error as { status: number; code: string; param: string; message: string };
    return { status, code, param, message };
  }
  throw new Error('expected a failure');
}

describe('mapMistralChatRequest', () => {
  it('posts to {base}/chat/completions with the key; stream only when streaming', () => {
    expect(chat({})).toStrictEqual({ url: 'https://api.mistral.ai/v1/chat/completions', headers, body: { model: 'mistral-small-latest', messages: hello } });
    expect(chat({ stream: true, stream_options: { include_usage: true } }, true).body).toStrictEqual({ model: 'mistral-small-latest', messages: hello, stream: true });
  });

  it('maps every sampling param to its Mistral name', () => {
    expect(
      chat({ temperature: 0.3, top_p: 0.9, max_tokens: 100, stop: ['\n'], seed: 7, n: 2, presence_penalty: 0.1, frequency_penalty: 0.2, prompt_cache_key: 'conv-1', reasoning_effort: 'high' }).body,
    ).toStrictEqual({
      model: 'mistral-small-latest',
      messages: hello,
      temperature: 0.3,
      top_p: 0.9,
      stop: ['\n'],
      n: 2,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      reasoning_effort: 'high',
      prompt_cache_key: 'conv-1',
      max_tokens: 100,
      random_seed: 7,
    });
  });

  it('takes max_completion_tokens as max_tokens, and both when equal; refuses two different limits', () => {
    expect(chat({ max_completion_tokens: 50 }).body.max_tokens).toBe(50);
    expect(chat({ max_tokens: 50, max_completion_tokens: 50 }).body.max_tokens).toBe(50);
    expect(failure(() => chat({ max_tokens: 50, max_completion_tokens: 60 }))).toStrictEqual({
      status: 400,
      code: 'invalid_request',
      param: 'max_completion_tokens',
      message: 'max_tokens (50) and max_completion_tokens (60) disagree; mistral takes one limit, send one of them',
    });
  });

  it('treats null params as absent', () => {
    expect(chat({ temperature: null, seed: null, max_tokens: null, stop: null }).body).toStrictEqual({ model: 'mistral-small-latest', messages: hello });
  });

  it('maps the pydantic-ai tool request (test_tool_choice_matrix[auto-mistral]) to the body Mistral received, less its SDK defaults', () => {
    const recorded = readFixtureJson<Record<string, unknown>>('mistral/pydantic-ai/test_tool_choice_matrix.auto-mistral.1.request.json');
    const tools = (recorded.tools as Array<{ function: Record<string, unknown> }>).map((tool) => ({ type: 'function' as const, function: tool.function as { name: string } }));
    const upstream = chat({ model: 'mistral-large-latest', messages: recorded.messages as ChatRequest['messages'], tools, tool_choice: 'auto', n: 1, top_p: 1 });
    const { stream: _stream, ...expected } = recorded;
    expect(upstream.body).toStrictEqual({ ...expected, tools: tools.map((tool) => ({ type: 'function', function: tool.function })) });
  });

  it("maps tool_choice 'required' to 'any' and a named function to Mistral's object", () => {
    expect(chat({ tool_choice: 'required' }).body.tool_choice).toBe('any');
    expect(chat({ tool_choice: 'none' }).body.tool_choice).toBe('none');
    expect(chat({ tool_choice: { type: 'function', function: { name: 'lookup' } } }).body.tool_choice).toStrictEqual({ type: 'function', function: { name: 'lookup' } });
  });

  it('gives a tool without parameters an empty object schema and keeps a boolean strict only', () => {
    expect(
      chat({
        tools: [
          { type: 'function', function: { name: 'now' } },
          { type: 'function', function: { name: 'find', description: 'Find', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: true } },
          { type: 'function', function: { name: 'other', parameters: { type: 'object' }, strict: null } },
        ],
      }).body.tools,
    ).toStrictEqual([
      { type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } },
      { type: 'function', function: { name: 'find', parameters: { type: 'object', properties: { q: { type: 'string' } } }, description: 'Find', strict: true } },
      { type: 'function', function: { name: 'other', parameters: { type: 'object' } } },
    ]);
  });

  it('passes response_format text, json_object and json_schema; refuses a json_schema without a schema', () => {
    expect(chat({ response_format: { type: 'json_object' } }).body.response_format).toStrictEqual({ type: 'json_object' });
    expect(chat({ response_format: { type: 'json_schema', json_schema: { name: 'x', description: 'd', schema: { type: 'object' }, strict: null } } }).body.response_format).toStrictEqual({
      type: 'json_schema',
      json_schema: { name: 'x', schema: { type: 'object' }, description: 'd' },
    });
    expect(failure(() => chat({ response_format: { type: 'json_schema', json_schema: { name: 'x' } } }))).toStrictEqual({
      status: 400,
      code: 'invalid_request',
      param: 'response_format.json_schema.schema',
      message: 'mistral needs response_format.json_schema.schema: the JSON schema the answer must follow',
    });
  });

  it('joins a prediction given as text parts', () => {
    expect(chat({ prediction: { type: 'content', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] } }).body.prediction).toStrictEqual({ type: 'content', content: 'ab' });
    expect(chat({ prediction: { type: 'content', content: 'ab' } }).body.prediction).toStrictEqual({ type: 'content', content: 'ab' });
  });

  it("passes safe_prompt and prompt_mode, over the deployment's defaults", () => {
    const withDefaults: MistralSettings = { ...settings, defaults: { safe_prompt: true, prompt_mode: 'reasoning' } };
    expect(chat({}, false, withDefaults).body).toStrictEqual({ model: 'mistral-small-latest', messages: hello, safe_prompt: true, prompt_mode: 'reasoning' });
    expect(chat({ safe_prompt: false, prompt_mode: null }, false, withDefaults).body).toStrictEqual({ model: 'mistral-small-latest', messages: hello, safe_prompt: false, prompt_mode: null });
  });

  it.each([
    [{ logprobs: true }, 'logprobs'],
    [{ user: 'u-1' }, 'user'],
    [{ dimensions: 3 }, 'dimensions'],
    [{ stream_options: { include_obfuscation: true } }, 'stream_options.include_obfuscation'],
  ])('refuses %j with unsupported_parameter %s', (request, param) => {
    expect(failure(() => chat(request as Partial<ChatRequest>))).toMatchObject({ status: 400, code: 'unsupported_parameter', param });
  });
});

describe('mapMistralEmbeddingsRequest', () => {
  function embeddings(request: Partial<EmbeddingsRequest>) {
    const upstream = mapMistralEmbeddingsRequest({ model: 'mistral-embed', input: ['a', 'b'], ...request }, settings);
    expect(mistralSpec.check('EmbeddingRequest', upstream.body)).toStrictEqual([]);
    return upstream;
  }

  it('posts to {base}/embeddings with dimensions as output_dimension and output_dtype passed', () => {
    expect(embeddings({ dimensions: 256, encoding_format: 'base64', output_dtype: 'int8' })).toStrictEqual({
      url: 'https://api.mistral.ai/v1/embeddings',
      headers,
      body: { model: 'mistral-embed', input: ['a', 'b'], encoding_format: 'base64', output_dimension: 256, output_dtype: 'int8' },
    });
  });

  it('refuses token-id input and chat params', () => {
    expect(failure(() => embeddings({ input: [1, 2, 3] }))).toStrictEqual({
      status: 400,
      code: 'invalid_request',
      param: 'input',
      message: 'mistral embeds text: input must be a string or an array of strings, not token ids',
    });
    expect(failure(() => embeddings({ temperature: 1 }))).toMatchObject({ code: 'unsupported_parameter', param: 'temperature' });
  });
});
