import { readCassette } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapCohereError } from './map-error.js';

function mapped(status: number, body: string, headers: Record<string, string> = {}, apiKey?: string) {
  const error = mapCohereError({ status, headers, bodyText: body }, apiKey);
  return { errorClass: error.errorClass, status: error.status, type: error.type, code: error.code, message: error.message, headers: error.headers, retryable: error.retryable };
}

const body = (message: string) => JSON.stringify({ id: '8bd5b608-887c-49f7-a6b3-d3bd5830c3de', message });

describe('mapCohereError (messages from https://docs.cohere.com/reference/errors)', () => {
  it('404 model not found is a NotFoundError (pydantic-ai TestCohere.test_embed_error)', () => {
    const [interaction] = readCassette('cohere/pydantic-ai/TestCohere.test_embed_error');
    expect(mapped(interaction.response.status, interaction.response.body.toString('utf8'))).toStrictEqual({
      errorClass: 'NotFoundError',
      status: 404,
      type: 'invalid_request_error',
      code: 'not_found',
      message: "cohere: model 'nonexistent' not found, make sure the correct model ID was used and that you have access to the model.",
      headers: {},
      retryable: false,
    });
  });

  it('400 is a BadRequestError, or ContextWindowExceededError when the prompt did not fit', () => {
    const prompt = 'too many tokens: total number of tokens in the prompt cannot exceed 4081 - received 4292. Try using a shorter prompt, or enabling prompt truncating.';
    const size = "too many tokens: size limit exceeded by 11326 tokens. Try using shorter or fewer inputs, or setting prompt_truncation='AUTO'.";
    const maxTokens = 'too many tokens: max tokens must be less than or equal to 4096, the maximum output for this model - received 8192.';
    const invalid = 'invalid request: temperature must be between 0 and 1.0 inclusive.';
    expect([prompt, size, maxTokens, invalid].map((message) => [mapped(400, body(message)).errorClass, mapped(400, body(message)).code])).toStrictEqual([
      ['ContextWindowExceededError', 'context_length_exceeded'],
      ['ContextWindowExceededError', 'context_length_exceeded'],
      ['BadRequestError', 'invalid_request'],
      ['BadRequestError', 'invalid_request'],
    ]);
    expect(mapped(400, body(invalid))).toStrictEqual({
      errorClass: 'BadRequestError',
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_request',
      message: 'cohere: invalid request: temperature must be between 0 and 1.0 inclusive.',
      headers: {},
      retryable: false,
    });
  });

  it('maps every documented status to its class, client status and code', () => {
    const table = [401, 402, 403, 404, 422, 429, 498, 499, 500, 501, 503, 504].map((status) => {
      const error = mapped(status, body('x'));
      return [status, error.errorClass, error.status, error.code];
    });
    expect(table).toStrictEqual([
      [401, 'AuthenticationError', 401, 'invalid_api_key'],
      [402, 'PermissionDeniedError', 403, 'permission_denied'],
      [403, 'PermissionDeniedError', 403, 'permission_denied'],
      [404, 'NotFoundError', 404, 'not_found'],
      [422, 'BadRequestError', 422, 'unprocessable_entity'],
      [429, 'RateLimitError', 429, 'rate_limit_exceeded'],
      [498, 'ContentPolicyViolationError', 400, 'content_policy_violation'],
      [499, 'InternalServerError', 502, 'upstream_error'],
      [500, 'InternalServerError', 502, 'upstream_error'],
      [501, 'InternalServerError', 502, 'upstream_error'],
      [503, 'ServiceUnavailableError', 503, 'service_unavailable'],
      [504, 'TimeoutError', 504, 'upstream_timeout'],
    ]);
  });

  it('keeps retry-after on 429 and 503 only', () => {
    expect(mapped(429, body('You are past the per minute request limit, please wait and try again later.'), { 'retry-after': '12' })).toStrictEqual({
      errorClass: 'RateLimitError',
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      message: 'cohere: You are past the per minute request limit, please wait and try again later.',
      headers: { 'retry-after': '12' },
      retryable: true,
    });
    expect(mapped(503, body('unavailable'), { 'retry-after': '3' }).headers).toStrictEqual({ 'retry-after': '3' });
    expect(mapped(400, body('bad'), { 'retry-after': '3' }).headers).toStrictEqual({});
  });

  it('uses the body text when it is not Cohere JSON, and masks the key if Cohere echoes it', () => {
    expect(mapped(502, '<html>Bad Gateway</html>').message).toBe('cohere: <html>Bad Gateway</html>');
    expect(mapped(500, '').message).toBe('cohere: upstream answered 500');
    expect(mapped(401, body('invalid api token: Zx9LqPv0KeyFromEnv1234'), {}, 'Zx9LqPv0KeyFromEnv1234').message).toBe('cohere: invalid api token: …1234');
  });
});
