import { readCassette } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapGeminiError, mapGeminiStreamError } from './map-error.js';

const failure = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, headers, bodyText: typeof body === 'string' ? body : JSON.stringify(body) });
const shape = (error: ReturnType<typeof mapGeminiError>) => ({ errorClass: error.errorClass, status: error.status, type: error.type, code: error.code, message: error.message, headers: error.headers, upstreamStatus: error.upstreamStatus });

describe('mapGeminiError', () => {
  it('maps NOT_FOUND to 404 (pydantic-ai recording)', () => {
    const [interaction] = readCassette('gemini/pydantic-ai/TestGoogle.test_count_tokens_error');
    expect(shape(mapGeminiError('gemini', { status: 404, headers: {}, bodyText: interaction!.response.body.toString('utf8') }))).toEqual({
      errorClass: 'NotFoundError',
      status: 404,
      type: 'invalid_request_error',
      code: 'not_found',
      message: 'gemini: models/nonexistent-model is not found for API version v1beta, or is not supported for countTokens. Call ListModels to see the list of available models and their supported methods.',
      headers: {},
      upstreamStatus: 404,
    });
  });

  // Error bodies below follow https://ai.google.dev/gemini-api/docs/troubleshooting and google/rpc/error_details.proto.
  it("maps AI Studio's 400 API_KEY_INVALID to an authentication error (from the API reference)", () => {
    const body = {
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } }],
      },
    };
    expect(shape(mapGeminiError('gemini', failure(400, body)))).toEqual({
      errorClass: 'AuthenticationError', status: 401, type: 'authentication_error', code: 'invalid_api_key', message: 'gemini: API key not valid. Please pass a valid API key.', headers: {}, upstreamStatus: 400,
    });
  });

  it('maps RESOURCE_EXHAUSTED to 429 with RetryInfo.retryDelay as retry-after, rounded up (from the API reference)', () => {
    const body = (delay: string) => ({
      error: {
        code: 429,
        message: 'You exceeded your current quota, please check your plan and billing details.',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests' }] }, { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay }],
      },
    });
    expect(shape(mapGeminiError('gemini', failure(429, body('43s'))))).toEqual({
      errorClass: 'RateLimitError', status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'gemini: You exceeded your current quota, please check your plan and billing details.', headers: { 'retry-after': '43' }, upstreamStatus: 429,
    });
    expect(mapGeminiError('gemini', failure(429, body('0.5s'))).headers).toEqual({ 'retry-after': '1' });
  });

  it('maps a too-long prompt to ContextWindowExceededError', () => {
    const body = { error: { code: 400, message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', status: 'INVALID_ARGUMENT' } };
    expect(shape(mapGeminiError('gemini', failure(400, body)))).toMatchObject({ errorClass: 'ContextWindowExceededError', status: 400, code: 'context_length_exceeded' });
  });

  it('maps other INVALID_ARGUMENT errors to 400 invalid_request', () => {
    const body = { error: { code: 400, message: '* GenerateContentRequest.contents: contents is not specified', status: 'INVALID_ARGUMENT' } };
    expect(shape(mapGeminiError('gemini', failure(400, body)))).toMatchObject({ errorClass: 'BadRequestError', status: 400, code: 'invalid_request', message: 'gemini: * GenerateContentRequest.contents: contents is not specified' });
  });

  it('maps the remaining canonical statuses', () => {
    const status = (code: number, rpc: string, headers: Record<string, string> = {}) => shape(mapGeminiError('gemini', failure(code, [{ error: { code, message: 'm', status: rpc } }], headers)));
    expect(status(401, 'UNAUTHENTICATED')).toMatchObject({ errorClass: 'AuthenticationError', status: 401 });
    expect(status(403, 'PERMISSION_DENIED')).toMatchObject({ errorClass: 'PermissionDeniedError', status: 403, code: 'permission_denied' });
    expect(status(500, 'INTERNAL')).toMatchObject({ errorClass: 'InternalServerError', status: 502, code: 'upstream_error' });
    expect(status(503, 'UNAVAILABLE', { 'retry-after': '7' })).toMatchObject({ errorClass: 'ServiceUnavailableError', status: 503, headers: { 'retry-after': '7' } });
    expect(status(504, 'DEADLINE_EXCEEDED')).toMatchObject({ errorClass: 'TimeoutError', status: 504, code: 'upstream_timeout' });
  });

  it('falls back to the HTTP status for a body that is not a google.rpc.Status', () => {
    expect(shape(mapGeminiError('gemini', failure(502, '<html>Bad Gateway</html>')))).toMatchObject({ errorClass: 'InternalServerError', status: 502, message: 'gemini: <html>Bad Gateway</html>' });
  });

  it('takes the status of an error inside a stream from its code', () => {
    expect(shape(mapGeminiStreamError('vertex_ai', JSON.stringify({ error: { code: 429, message: 'Resource exhausted.', status: 'RESOURCE_EXHAUSTED' } })))).toMatchObject({ errorClass: 'RateLimitError', status: 429, message: 'vertex_ai: Resource exhausted.' });
  });
});
