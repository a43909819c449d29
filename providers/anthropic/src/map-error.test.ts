import { readFixtureText } from '@switchyard/core/testing';
import type { UpstreamError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapAnthropicError, mapAnthropicStreamError } from './map-error.js';

function shape(error: UpstreamError) {
  return { errorClass: error.errorClass, status: error.status, type: error.type, code: error.code, upstreamStatus: error.upstreamStatus, message: error.message, headers: error.headers, retryable: error.retryable };
}

// Bodies as documented at https://docs.anthropic.com/en/api/errors, except where a recording is named.
function body(type: string, message: string): string {
  return JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' });
}

describe('mapAnthropicError', () => {
  it('maps invalid_request_error to BadRequestError (pydantic-ai test_anthropic_explicit_effort_xhigh_unsupported_model_errors)', () => {
    const bodyText = readFixtureText('anthropic/pydantic-ai/test_anthropic_explicit_effort_xhigh_unsupported_model_errors.1.response.json');
    expect(shape(mapAnthropicError('anthropic', { status: 400, headers: {}, bodyText }))).toStrictEqual({
      errorClass: 'BadRequestError',
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_request',
      upstreamStatus: 400,
      message: "anthropic: This model does not support effort level 'xhigh'. Supported levels: high, low, max, medium.",
      headers: {},
      retryable: false,
    });
  });

  it('maps a prompt that is too long to ContextWindowExceededError', () => {
    expect(shape(mapAnthropicError('anthropic', { status: 400, headers: {}, bodyText: body('invalid_request_error', 'prompt is too long: 208154 tokens > 200000 maximum') }))).toMatchObject({
      errorClass: 'ContextWindowExceededError',
      status: 400,
      code: 'context_length_exceeded',
      message: 'anthropic: prompt is too long: 208154 tokens > 200000 maximum',
    });
  });

  it('maps not_found_error to NotFoundError (pydantic-ai test_anthropic_count_tokens_error)', () => {
    const bodyText = readFixtureText('anthropic/pydantic-ai/test_anthropic_count_tokens_error.1.response.json');
    expect(shape(mapAnthropicError('anthropic', { status: 404, headers: {}, bodyText }))).toMatchObject({ errorClass: 'NotFoundError', status: 404, code: 'not_found', message: 'anthropic: model: claude-does-not-exist' });
  });

  it('maps every documented error type to its class, client status and code', () => {
    const cases: Array<[string, number]> = [
      ['authentication_error', 401],
      ['billing_error', 402],
      ['permission_error', 403],
      ['request_too_large', 413],
      ['rate_limit_error', 429],
      ['api_error', 500],
      ['timeout_error', 504],
      ['overloaded_error', 529],
    ];
    expect(cases.map(([type, status]) => {
      const error = mapAnthropicError('anthropic', { status, headers: {}, bodyText: body(type, 'x') });
      return [type, error.errorClass, error.status, error.type, error.code];
    })).toStrictEqual([
      ['authentication_error', 'AuthenticationError', 401, 'authentication_error', 'invalid_api_key'],
      ['billing_error', 'BadRequestError', 400, 'invalid_request_error', 'invalid_request'],
      ['permission_error', 'PermissionDeniedError', 403, 'permission_error', 'permission_denied'],
      ['request_too_large', 'BadRequestError', 413, 'invalid_request_error', 'request_too_large'],
      ['rate_limit_error', 'RateLimitError', 429, 'rate_limit_error', 'rate_limit_exceeded'],
      ['api_error', 'InternalServerError', 502, 'upstream_error', 'upstream_error'],
      ['timeout_error', 'TimeoutError', 504, 'timeout_error', 'upstream_timeout'],
      ['overloaded_error', 'ServiceUnavailableError', 503, 'service_unavailable_error', 'service_unavailable'],
    ]);
  });

  it('passes retry-after on with 429 and 529, and not with other statuses', () => {
    expect(mapAnthropicError('anthropic', { status: 429, headers: { 'retry-after': '17' }, bodyText: body('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit') }).headers).toStrictEqual({ 'retry-after': '17' });
    expect(mapAnthropicError('anthropic', { status: 529, headers: { 'retry-after': ['3'] }, bodyText: body('overloaded_error', 'Overloaded') }).headers).toStrictEqual({ 'retry-after': '3' });
    expect(mapAnthropicError('anthropic', { status: 400, headers: { 'retry-after': '3' }, bodyText: body('invalid_request_error', 'x') }).headers).toStrictEqual({});
  });

  it('falls back to the status for a body that is not Anthropic\'s, and names the provider it is given', () => {
    expect(shape(mapAnthropicError('vertex_ai', { status: 503, headers: {}, bodyText: '<html>upstream connect error</html>' }))).toStrictEqual({
      errorClass: 'ServiceUnavailableError',
      status: 503,
      type: 'service_unavailable_error',
      code: 'service_unavailable',
      upstreamStatus: 503,
      message: 'vertex_ai: <html>upstream connect error</html>',
      headers: {},
      retryable: true,
    });
    expect(mapAnthropicError('anthropic', { status: 413, headers: {}, bodyText: '' })).toMatchObject({ status: 413, code: 'request_too_large', message: 'anthropic: upstream answered 413' });
  });
});

describe('mapAnthropicStreamError', () => {
  it("takes the status Anthropic documents for the error type, as a stream's status was already 200", () => {
    expect(shape(mapAnthropicStreamError('anthropic', body('api_error', 'Internal server error')))).toMatchObject({ errorClass: 'InternalServerError', status: 502, upstreamStatus: 500, message: 'anthropic: Internal server error' });
    expect(shape(mapAnthropicStreamError('anthropic', body('rate_limit_error', 'slow down')))).toMatchObject({ errorClass: 'RateLimitError', status: 429, upstreamStatus: 429 });
  });
});
