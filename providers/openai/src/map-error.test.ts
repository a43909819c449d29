import { readCassette, readFixtureText } from '@switchyard/core/testing';
import type { GatewayError, UpstreamFailure } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { isOpenAIErrorPayload, mapOpenAIError, mapOpenAIErrorPayload } from './map-error.js';
import { openAIPresets } from './presets.js';

const openaiPreset = openAIPresets.openai;
const groqPreset = openAIPresets.groq;

function summary(error: GatewayError) {
  return { status: error.status, retryable: error.retryable, headers: error.headers, body: error.toOpenAIError() };
}

function failureOf(status: number, bodyText: string, headers: UpstreamFailure['headers'] = {}): UpstreamFailure {
  return { status, headers, bodyText };
}

describe('mapOpenAIError', () => {
  it("keeps OpenAI's 404 model_not_found (TestOpenAI.test_embed_error)", () => {
    const [interaction] = readCassette('openai/pydantic-ai/TestOpenAI.test_embed_error');
    expect(summary(mapOpenAIError(openaiPreset, failureOf(404, interaction.response.body.toString('utf8'))))).toStrictEqual({
      status: 404,
      retryable: false,
      headers: {},
      body: { error: { message: 'openai: The model `nonexistent` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' } },
    });
  });

  it('keeps the param of a 400 unsupported_parameter', () => {
    const body = readFixtureText('openai/vercel-ai/chat/reasoning-model-legacy-parameter-error.json');
    expect(summary(mapOpenAIError(openaiPreset, failureOf(400, body)))).toStrictEqual({
      status: 400,
      retryable: false,
      headers: {},
      body: {
        error: {
          message: "openai: Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          type: 'invalid_request_error',
          param: 'max_tokens',
          code: 'unsupported_parameter',
        },
      },
    });
  });

  it('carries retry-after on a 429 (body built from the OpenAI error-codes reference)', () => {
    const body = '{"error":{"message":"Rate limit reached for gpt-4o in organization org-abc on requests per min (RPM): Limit 3, Used 3, Requested 1.","type":"requests","param":null,"code":"rate_limit_exceeded"}}';
    expect(summary(mapOpenAIError(openaiPreset, failureOf(429, body, { 'retry-after': '20' })))).toStrictEqual({
      status: 429,
      retryable: true,
      headers: { 'retry-after': '20' },
      body: {
        error: {
          message: 'openai: Rate limit reached for gpt-4o in organization org-abc on requests per min (RPM): Limit 3, Used 3, Requested 1.',
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
    });
  });

  it('turns an upstream 500 into a retryable 502 upstream_error', () => {
    const body = '{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}';
    expect(summary(mapOpenAIError(openaiPreset, failureOf(500, body)))).toStrictEqual({
      status: 502,
      retryable: true,
      headers: {},
      body: { error: { message: 'openai: The server had an error while processing your request. Sorry about that!', type: 'upstream_error', param: null, code: 'upstream_error' } },
    });
  });

  it('masks the deployment key when the upstream echoes it back', () => {
    const body = '{"error":{"message":"Incorrect API key provided: localkey0123456789abcd. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}';
    const error = mapOpenAIError(openaiPreset, failureOf(401, body), 'localkey0123456789abcd');
    expect(error.message).toBe('openai: Incorrect API key provided: …abcd. You can find your API key at https://platform.openai.com/account/api-keys.');
  });

  it("keeps Groq's tool_use_failed message and appends the failed generation it points at", () => {
    const [interaction] = readCassette('openai-compatible/pydantic-ai/test_tool_use_failed_error');
    expect(summary(mapOpenAIError(groqPreset, failureOf(400, interaction.response.body.toString('utf8'))))).toStrictEqual({
      status: 400,
      retryable: false,
      headers: {},
      body: {
        error: {
          message:
            "groq: Tool call validation failed: tool call validation failed: parameters for tool get_something_by_name did not match schema: errors: [missing properties: 'name', additionalProperties 'foo' not allowed]" +
            ' (failed_generation: {"name": "get_something_by_name", "arguments": {\n  "foo": "bar"\n}})',
          type: 'invalid_request_error',
          param: null,
          code: 'tool_use_failed',
        },
      },
    });
  });

  it("keeps Groq's 404 model_not_found as it is", () => {
    const [interaction] = readCassette('openai-compatible/pydantic-ai/test_model_name_suggestion.groq');
    expect(summary(mapOpenAIError(groqPreset, failureOf(404, interaction.response.body.toString('utf8'))))).toStrictEqual({
      status: 404,
      retryable: false,
      headers: {},
      body: { error: { message: 'groq: The model `llama-3.3-70b-versatlie` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' } },
    });
  });
});

describe('mapOpenAIErrorPayload', () => {
  it('maps a mid-stream error without a status as the upstream failing: 502', () => {
    const text = '{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}';
    expect(summary(mapOpenAIErrorPayload(openaiPreset, JSON.parse(text), text))).toStrictEqual({
      status: 502,
      retryable: true,
      headers: {},
      body: { error: { message: 'openai: The server had an error while processing your request.', type: 'upstream_error', param: null, code: 'upstream_error' } },
    });
  });

  it('takes a numeric code in the payload as the status (OpenRouter reports 429 that way)', () => {
    const text = '{"error":{"code":429,"message":"Rate limit exceeded: free-models-per-min."}}';
    expect(summary(mapOpenAIErrorPayload(openAIPresets.openrouter, JSON.parse(text), text))).toStrictEqual({
      status: 429,
      retryable: true,
      headers: {},
      body: { error: { message: 'openrouter: Rate limit exceeded: free-models-per-min.', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } },
    });
  });
});

describe('isOpenAIErrorPayload', () => {
  it('tells error reports from completions, chunks and lists', () => {
    expect([
      isOpenAIErrorPayload({ error: { message: 'x' } }),
      isOpenAIErrorPayload({ error: 'x' }),
      isOpenAIErrorPayload({ error: null, choices: [] }),
      isOpenAIErrorPayload({ id: 'c', choices: [] }),
      isOpenAIErrorPayload({ object: 'list', data: [], error: { message: 'partial' } }),
      isOpenAIErrorPayload([{ error: 'x' }]),
      isOpenAIErrorPayload('error'),
    ]).toStrictEqual([true, true, false, false, false, false, false]);
  });
});
