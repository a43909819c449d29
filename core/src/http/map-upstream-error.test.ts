import { describe, expect, it } from 'vitest';
import type { UpstreamError } from '../errors/gateway-error.js';
import { headerValue, mapOpenAIStyleError, retryAfterSeconds } from './map-upstream-error.js';

function shapeOf(error: UpstreamError) {
  return {
    status: error.status,
    upstreamStatus: error.upstreamStatus,
    body: error.toOpenAIError(),
    headers: error.headers,
    retryable: error.retryable,
    provider: error.provider,
  };
}

const openAIBody = (error: Record<string, unknown>) => JSON.stringify({ error });

describe('mapOpenAIStyleError', () => {
  it("keeps a 400's message, type, code and param", () => {
    const body = openAIBody({ message: "Unsupported value: 'temperature'", type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value' });
    expect(shapeOf(mapOpenAIStyleError('openai', { status: 400, headers: {}, bodyText: body }))).toEqual({
      status: 400,
      upstreamStatus: 400,
      body: { error: { message: "openai: Unsupported value: 'temperature'", type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value' } },
      headers: {},
      retryable: false,
      provider: 'openai',
    });
  });

  it('classes a 400 by its code, or by its words when a compatible host gives no code', () => {
    const openAI = openAIBody({ message: "This model's maximum context length is 16385 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' });
    const groq = openAIBody({ message: 'Please reduce the length of the messages or completion.', type: 'invalid_request_error', param: 'messages', code: null });
    const plain = openAIBody({ message: 'temperature must be at most 2', type: 'invalid_request_error', param: 'temperature', code: null });
    const classOf = (bodyText: string) => mapOpenAIStyleError('openai', { status: 400, headers: {}, bodyText });
    expect([classOf(openAI).errorClass, classOf(openAI).code]).toEqual(['ContextWindowExceededError', 'context_length_exceeded']);
    expect([classOf(groq).errorClass, classOf(groq).code, classOf(groq).status]).toEqual(['ContextWindowExceededError', 'invalid_request', 400]);
    expect(classOf(plain).errorClass).toBe('BadRequestError');
    expect(mapOpenAIStyleError('azure', { status: 400, headers: {}, bodyText: openAIBody({ message: 'filtered', type: null, param: 'prompt', code: 'content_filter' }) }).errorClass).toBe('ContentPolicyViolationError');
  });

  it('keeps a 401 as 401 with its upstream code', () => {
    const body = openAIBody({ message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' });
    expect(shapeOf(mapOpenAIStyleError('openai', { status: 401, headers: {}, bodyText: body }))).toEqual({
      status: 401,
      upstreamStatus: 401,
      body: { error: { message: 'openai: Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
      headers: {},
      retryable: false,
      provider: 'openai',
    });
  });

  it('fills in authentication_error and invalid_api_key for a 401 without an OpenAI-shaped body', () => {
    expect(mapOpenAIStyleError('groq', { status: 401, headers: {}, bodyText: '{}' }).toOpenAIError()).toStrictEqual({
      error: { message: 'groq: {}', type: 'authentication_error', param: null, code: 'invalid_api_key' },
    });
  });

  it('keeps a 403 as 403 permission_denied', () => {
    expect(mapOpenAIStyleError('openai', { status: 403, headers: {}, bodyText: 'Forbidden' }).toOpenAIError()).toStrictEqual({
      error: { message: 'openai: Forbidden', type: 'permission_error', param: null, code: 'permission_denied' },
    });
  });

  it('keeps a 404 as 404 with the upstream code', () => {
    const body = openAIBody({ message: 'The model `gpt-9` does not exist', type: 'invalid_request_error', param: null, code: 'model_not_found' });
    const error = mapOpenAIStyleError('openai', { status: 404, headers: {}, bodyText: body });
    expect([error.status, error.code]).toEqual([404, 'model_not_found']);
  });

  it('makes an upstream 408 a retryable 504 timeout_error', () => {
    const error = mapOpenAIStyleError('openai', { status: 408, headers: {}, bodyText: '' });
    expect(shapeOf(error)).toEqual({
      status: 504,
      upstreamStatus: 408,
      body: { error: { message: 'openai: upstream answered 408', type: 'timeout_error', param: null, code: 'upstream_timeout' } },
      headers: {},
      retryable: true,
      provider: 'openai',
    });
  });

  it('keeps a 429 with its retry-after header', () => {
    const body = openAIBody({ message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' });
    expect(shapeOf(mapOpenAIStyleError('openai', { status: 429, headers: { 'retry-after': '12' }, bodyText: body }))).toEqual({
      status: 429,
      upstreamStatus: 429,
      body: { error: { message: 'openai: Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } },
      headers: { 'retry-after': '12' },
      retryable: true,
      provider: 'openai',
    });
  });

  it('drops retry-after from statuses other than 429 and 503', () => {
    expect(mapOpenAIStyleError('openai', { status: 400, headers: { 'retry-after': '12' }, bodyText: '' }).headers).toEqual({});
  });

  it('makes an upstream 500 a retryable 502 upstream_error', () => {
    const body = openAIBody({ message: 'The server had an error', type: 'server_error', param: null, code: null });
    expect(shapeOf(mapOpenAIStyleError('openai', { status: 500, headers: {}, bodyText: body }))).toEqual({
      status: 502,
      upstreamStatus: 500,
      body: { error: { message: 'openai: The server had an error', type: 'upstream_error', param: null, code: 'upstream_error' } },
      headers: {},
      retryable: true,
      provider: 'openai',
    });
  });

  it('keeps an upstream 503 as 503 service_unavailable with retry-after', () => {
    expect(shapeOf(mapOpenAIStyleError('openai', { status: 503, headers: { 'retry-after': ['30', '40'] }, bodyText: 'overloaded' }))).toEqual({
      status: 503,
      upstreamStatus: 503,
      body: { error: { message: 'openai: overloaded', type: 'service_unavailable_error', param: null, code: 'service_unavailable' } },
      headers: { 'retry-after': '30' },
      retryable: true,
      provider: 'openai',
    });
  });

  it('keeps an upstream 504 as 504 upstream_timeout', () => {
    const error = mapOpenAIStyleError('openai', { status: 504, headers: {}, bodyText: '<html>Gateway Timeout</html>' });
    expect([error.status, error.code, error.type, error.message]).toEqual([504, 'upstream_timeout', 'timeout_error', 'openai: <html>Gateway Timeout</html>']);
  });

  it('uses a non-JSON body as the message', () => {
    const error = mapOpenAIStyleError('groq', { status: 400, headers: {}, bodyText: '  Bad Request \n' });
    expect(error.toOpenAIError()).toStrictEqual({ error: { message: 'groq: Bad Request', type: 'invalid_request_error', param: null, code: 'invalid_request' } });
  });

  it('names the status when the body is empty', () => {
    expect(mapOpenAIStyleError('groq', { status: 502, headers: {}, bodyText: '' }).message).toBe('groq: upstream answered 502');
  });

  it('reads the first element of an error array, as Gemini sends', () => {
    const body = JSON.stringify([{ error: { code: 400, message: 'API key not valid', status: 'INVALID_ARGUMENT' } }]);
    expect(mapOpenAIStyleError('gemini', { status: 400, headers: {}, bodyText: body }).toOpenAIError()).toStrictEqual({
      error: { message: 'gemini: API key not valid', type: 'invalid_request_error', param: null, code: 'invalid_request' },
    });
  });

  it('reads an error given as a plain string', () => {
    expect(mapOpenAIStyleError('ollama', { status: 404, headers: {}, bodyText: '{"error":"model \\"llama9\\" not found"}' }).message).toBe('ollama: model "llama9" not found');
  });
});

describe('headerValue', () => {
  it('takes the first of a repeated header', () => {
    expect([headerValue(['a', 'b']), headerValue('c'), headerValue(undefined)]).toEqual(['a', 'c', undefined]);
  });
});

describe('retryAfterSeconds', () => {
  it("takes retry-after, else Azure's and OpenAI's millisecond headers rounded up to seconds", () => {
    expect(retryAfterSeconds({ 'retry-after': '7', 'retry-after-ms': '100' })).toBe('7');
    expect(retryAfterSeconds({ 'retry-after-ms': '1500' })).toBe('2');
    expect(retryAfterSeconds({ 'x-ms-retry-after-ms': '200' })).toBe('1');
    expect(retryAfterSeconds({})).toBeUndefined();
    expect(retryAfterSeconds({ 'retry-after-ms': ' ' })).toBeUndefined();
    expect(mapOpenAIStyleError('azure', { status: 429, headers: { 'retry-after-ms': '2500' }, bodyText: '' }).headers).toEqual({ 'retry-after': '3' });
  });
});
