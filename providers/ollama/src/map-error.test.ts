import { UpstreamError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapOllamaError, mapOllamaErrorPayload } from './map-error.js';

/*
 * Bodies are the messages Ollama's server writes (server/routes.go, server/sched.go) in the {"error": …} shape of
 * https://docs.ollama.com/api/errors.
 */

function shape(error: unknown) {
  const upstream = error as UpstreamError;
  return {
    status: upstream.status,
    type: upstream.type,
    code: upstream.code,
    errorClass: upstream.errorClass,
    upstreamStatus: upstream.upstreamStatus,
    message: upstream.message,
    headers: upstream.headers,
    retryable: upstream.retryable,
  };
}

describe('mapOllamaError', () => {
  it.each([
    [400, '{"error":"\\"llama3.2\\" does not support thinking"}', 'BadRequestError', 400, 'invalid_request_error', 'invalid_request', 'ollama: "llama3.2" does not support thinking', false],
    [400, '{"error":"the input length exceeds the context length"}', 'ContextWindowExceededError', 400, 'invalid_request_error', 'context_length_exceeded', 'ollama: the input length exceeds the context length', false],
    [401, '{"error":"unauthorized"}', 'AuthenticationError', 401, 'authentication_error', 'invalid_api_key', 'ollama: unauthorized', false],
    [403, '{"error":"remote inference is unavailable"}', 'PermissionDeniedError', 403, 'permission_error', 'permission_denied', 'ollama: remote inference is unavailable', false],
    [404, '{"error":"model \'llama3.2\' not found"}', 'NotFoundError', 404, 'invalid_request_error', 'model_not_found', "ollama: model 'llama3.2' not found", false],
    [404, '{"error":"model \\"qwen3\\" not found, try pulling it first"}', 'NotFoundError', 404, 'invalid_request_error', 'model_not_found', 'ollama: model "qwen3" not found, try pulling it first', false],
    [404, '404 page not found', 'NotFoundError', 404, 'invalid_request_error', 'not_found', 'ollama: 404 page not found', false],
    [500, '{"error":"the model failed to generate a response"}', 'InternalServerError', 502, 'upstream_error', 'upstream_error', 'ollama: the model failed to generate a response', true],
    [500, '{"error":"input after truncation exceeds maximum context length"}', 'ContextWindowExceededError', 400, 'invalid_request_error', 'context_length_exceeded', 'ollama: input after truncation exceeds maximum context length', false],
    [502, '{"error":"cloud model unreachable"}', 'InternalServerError', 502, 'upstream_error', 'upstream_error', 'ollama: cloud model unreachable', true],
    [500, '', 'InternalServerError', 502, 'upstream_error', 'upstream_error', 'ollama: HTTP 500 with an empty body', true],
  ])('%i %s → %s', (status, bodyText, errorClass, clientStatus, type, code, message, retryable) => {
    expect(shape(mapOllamaError({ status, headers: {}, bodyText }))).toEqual({ status: clientStatus, type, code, errorClass, upstreamStatus: status, message, headers: {}, retryable });
  });

  it('keeps retry-after on 429 and 503', () => {
    expect(shape(mapOllamaError({ status: 429, headers: { 'retry-after': '30' }, bodyText: '{"error":"too many requests"}' }))).toEqual({
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      errorClass: 'RateLimitError',
      upstreamStatus: 429,
      message: 'ollama: too many requests',
      headers: { 'retry-after': '30' },
      retryable: true,
    });
    expect(shape(mapOllamaError({ status: 503, headers: { 'retry-after': '5' }, bodyText: '{"error":"server busy, please try again.  maximum pending requests exceeded"}' }))).toEqual({
      status: 503,
      type: 'service_unavailable_error',
      code: 'service_unavailable',
      errorClass: 'ServiceUnavailableError',
      upstreamStatus: 503,
      message: 'ollama: server busy, please try again.  maximum pending requests exceeded',
      headers: { 'retry-after': '5' },
      retryable: true,
    });
  });

  it('drops retry-after on other statuses and masks an echoed key', () => {
    const error = mapOllamaError({ status: 401, headers: { 'retry-after': '5' }, bodyText: '{"error":"invalid key ollama-secret-key-0001"}' }, 'ollama-secret-key-0001');
    expect({ message: error.message, headers: error.headers }).toEqual({ message: 'ollama: invalid key …0001', headers: {} });
  });
});

describe('mapOllamaErrorPayload', () => {
  it('maps a stream error line as a 500 unless it carries a status', () => {
    expect(shape(mapOllamaErrorPayload({ error: 'an error was encountered while running the model' })).status).toBe(502);
    expect(shape(mapOllamaErrorPayload({ error: 'model requires more memory', status: 400 })).errorClass).toBe('BadRequestError');
  });
});
