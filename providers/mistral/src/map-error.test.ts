import { describe, expect, it } from 'vitest';
import { isMistralErrorPayload, mapMistralError } from './map-error.js';

function mapped(status: number, bodyText: string, headers: Record<string, string> = {}, apiKey?: string) {
  const error = mapMistralError({ status, headers, bodyText }, apiKey);
  return { errorClass: error.errorClass, status: error.status, upstreamStatus: error.upstreamStatus, body: error.toOpenAIError().error, headers: error.headers, retryable: error.retryable };
}

describe('mapMistralError', () => {
  it.each([
    // [upstream status, body, class, client status, type, code, message]. The 401, 400 tool-call-id, 422 and 429 bodies
    // are Mistral's as quoted in public issue reports (see mistral-provider.test.ts); the others are built in the same
    // documented shapes.
    [401, '{"detail":"Unauthorized"}', 'AuthenticationError', 401, 'authentication_error', 'invalid_api_key', 'mistral: Unauthorized'],
    [401, '{"message":"Unauthorized","request_id":"933f233947ff6d346065bb297e4a4d56"}', 'AuthenticationError', 401, 'authentication_error', 'invalid_api_key', 'mistral: Unauthorized'],
    [403, '{"object":"error","message":"Model not available for your plan","type":"forbidden","param":null,"code":"1700"}', 'PermissionDeniedError', 403, 'permission_error', 'permission_denied', 'mistral: Model not available for your plan'],
    [404, '{"object":"error","message":"Invalid model: mistral-huge","type":"invalid_model","param":null,"code":"1500"}', 'NotFoundError', 404, 'invalid_request_error', 'not_found', 'mistral: Invalid model: mistral-huge'],
    [400, '{"object":"error","message":"Tool call id was call_98660886 but must be a-z, A-Z, 0-9, with a length of 9.","type":"invalid_function_call","param":null,"code":"3280"}', 'BadRequestError', 400, 'invalid_request_error', 'invalid_request', 'mistral: Tool call id was call_98660886 but must be a-z, A-Z, 0-9, with a length of 9.'],
    [400, '{"object":"error","message":"Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length","type":"invalid_request_error","param":null,"code":"3051"}', 'ContextWindowExceededError', 400, 'invalid_request_error', 'context_length_exceeded', 'mistral: Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length'],
    [
      422,
      '{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","messages",0,"user","name"],"msg":"Extra inputs are not permitted","input":""},{"type":"missing","loc":["body","model"],"msg":"Field required"}]},"type":"invalid_request_error","param":null,"code":null}',
      'BadRequestError', 400, 'invalid_request_error', 'invalid_request',
      'mistral: body.messages.0.user.name: Extra inputs are not permitted; body.model: Field required',
    ],
    [422, '{"detail":[{"type":"extra_forbidden","loc":["body","store"],"msg":"Extra inputs are not permitted","input":false}]}', 'BadRequestError', 400, 'invalid_request_error', 'invalid_request', 'mistral: body.store: Extra inputs are not permitted'],
    [429, '{"message":"Requests rate limit exceeded"}', 'RateLimitError', 429, 'rate_limit_error', 'rate_limit_exceeded', 'mistral: Requests rate limit exceeded'],
    [500, '{"object":"error","message":"Internal server error","type":"internal_server_error","param":null,"code":"1000"}', 'InternalServerError', 502, 'upstream_error', 'upstream_error', 'mistral: Internal server error'],
    [502, '<html>Bad Gateway</html>', 'InternalServerError', 502, 'upstream_error', 'upstream_error', 'mistral: <html>Bad Gateway</html>'],
    [503, '', 'ServiceUnavailableError', 503, 'service_unavailable_error', 'service_unavailable', 'mistral: upstream answered 503'],
    [504, '{"message":"upstream request timeout"}', 'TimeoutError', 504, 'timeout_error', 'upstream_timeout', 'mistral: upstream request timeout'],
  ])('%i %s → %s (%i %s / %s)', (status, bodyText, errorClass, clientStatus, type, code, message) => {
    const error = mapped(status, bodyText);
    expect({ errorClass: error.errorClass, status: error.status, upstreamStatus: error.upstreamStatus, body: error.body }).toStrictEqual({
      errorClass,
      status: clientStatus,
      upstreamStatus: status,
      body: { message, type, param: null, code },
    });
  });

  it('passes retry-after on 429 and 503 only', () => {
    expect(mapped(429, '{"message":"Requests rate limit exceeded"}', { 'retry-after': '3' }).headers).toStrictEqual({ 'retry-after': '3' });
    expect(mapped(503, '', { 'retry-after': '9' }).headers).toStrictEqual({ 'retry-after': '9' });
    expect(mapped(400, '{"message":"x"}', { 'retry-after': '3' }).headers).toStrictEqual({});
  });

  it('keeps Mistral’s param and masks the key when the body echoes it', () => {
    expect(mapped(400, '{"object":"error","message":"bad key sk-abcdef0123456789 here","type":"x","param":"messages","code":null}', {}, 'sk-abcdef0123456789').body).toStrictEqual({
      message: 'mistral: bad key sk-…6789 here',
      type: 'invalid_request_error',
      param: 'messages',
      code: 'invalid_request',
    });
  });
});

describe('isMistralErrorPayload', () => {
  it('tells error bodies from completions', () => {
    expect([{ object: 'error', message: 'x' }, { detail: [] }, { error: { message: 'x' } }, { object: 'chat.completion', choices: [] }, { data: [] }, [], null].map(isMistralErrorPayload)).toStrictEqual([true, true, true, false, false, false, false]);
  });
});
