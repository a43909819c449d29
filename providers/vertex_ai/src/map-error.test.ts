import { readFixtureText } from '@switchyard/core/testing';
import type { UpstreamError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapVertexError } from './map-error.js';

function seen(error: UpstreamError) {
  return { errorClass: error.errorClass, status: error.status, type: error.type, code: error.code, provider: error.provider, upstreamStatus: error.upstreamStatus, message: error.message, headers: error.headers };
}

// Vertex's quota refusal for a Claude model, as users quote it from rawPredict (array-wrapped google.rpc.Status):
// https://github.com/cline/cline/issues/651 ; shape per https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429
const claudeQuota =
  '[{"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet-v2. Please submit a quota increase request. https://cloud.google.com/vertex-ai/docs/generative-ai/quotas-genai.","status":"RESOURCE_EXHAUSTED"}}]';

describe('mapVertexError', () => {
  it('maps a google.rpc.Status NOT_FOUND (recorded: pydantic-ai TestGoogle.test_count_tokens_error) with the vertex_ai id', () => {
    const error = mapVertexError('google', { status: 404, headers: {}, bodyText: readFixtureText('gemini/pydantic-ai/TestGoogle.test_count_tokens_error.1.response.json') });
    expect(seen(error)).toEqual({
      errorClass: 'NotFoundError',
      status: 404,
      type: 'invalid_request_error',
      code: 'not_found',
      provider: 'vertex_ai',
      upstreamStatus: 404,
      message: 'vertex_ai: models/nonexistent-model is not found for API version v1beta, or is not supported for countTokens. Call ListModels to see the list of available models and their supported methods.',
      headers: {},
    });
  });

  it("maps Vertex's own refusal of a Claude call (google.rpc.Status, array-wrapped) through Gemini's mapper, keeping retry-after", () => {
    const error = mapVertexError('anthropic', { status: 429, headers: { 'retry-after': '30' }, bodyText: claudeQuota });
    expect(seen(error)).toEqual({
      errorClass: 'RateLimitError',
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      provider: 'vertex_ai',
      upstreamStatus: 429,
      message:
        'vertex_ai: Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-sonnet-v2. Please submit a quota increase request. https://cloud.google.com/vertex-ai/docs/generative-ai/quotas-genai.',
      headers: { 'retry-after': '30' },
    });
  });

  it("maps Claude's own Anthropic-shaped error (recorded: pydantic-ai effort xhigh) through Anthropic's mapper", () => {
    const error = mapVertexError('anthropic', { status: 400, headers: {}, bodyText: readFixtureText('anthropic/pydantic-ai/test_anthropic_explicit_effort_xhigh_unsupported_model_errors.1.response.json') });
    expect(seen(error)).toEqual({
      errorClass: 'BadRequestError',
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_request',
      provider: 'vertex_ai',
      upstreamStatus: 400,
      message: "vertex_ai: This model does not support effort level 'xhigh'. Supported levels: high, low, max, medium.",
      headers: {},
    });
  });

  it('maps an overloaded Claude (Anthropic overloaded_error, 529; https://docs.anthropic.com/en/api/errors) to a 503', () => {
    const error = mapVertexError('anthropic', { status: 529, headers: { 'retry-after': '5' }, bodyText: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' });
    expect(seen(error)).toEqual({
      errorClass: 'ServiceUnavailableError',
      status: 503,
      type: 'service_unavailable_error',
      code: 'service_unavailable',
      provider: 'vertex_ai',
      upstreamStatus: 529,
      message: 'vertex_ai: Overloaded',
      headers: { 'retry-after': '5' },
    });
  });

  it.each([
    // Status bodies per https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/api-errors
    [401, '{"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access token.","status":"UNAUTHENTICATED"}}', 'AuthenticationError', 401, 'invalid_api_key'],
    [403, '{"error":{"code":403,"message":"Permission \'aiplatform.endpoints.predict\' denied on resource.","status":"PERMISSION_DENIED"}}', 'PermissionDeniedError', 403, 'permission_denied'],
    [400, '{"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}', 'ContextWindowExceededError', 400, 'context_length_exceeded'],
    [500, '{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}', 'InternalServerError', 502, 'upstream_error'],
    [503, '{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}', 'ServiceUnavailableError', 503, 'service_unavailable'],
  ])('maps a Gemini-model %i to its class', (status, bodyText, errorClass, clientStatus, code) => {
    const error = mapVertexError('google', { status, headers: {}, bodyText });
    expect([error.errorClass, error.status, error.code, error.provider]).toEqual([errorClass, clientStatus, code, 'vertex_ai']);
  });
});
