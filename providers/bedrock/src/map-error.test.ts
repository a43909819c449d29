import { readCassette } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapBedrockError } from './map-error.js';

function mapped(status: number, body: string, headers: Record<string, string> = {}) {
  const error = mapBedrockError({ status, headers, bodyText: body });
  return { errorClass: error.errorClass, status: error.status, type: error.type, code: error.code, message: error.message, headers: error.headers, upstreamStatus: error.upstreamStatus };
}

describe('mapBedrockError', () => {
  it('maps the recorded 400 for an unknown model id to BadRequestError (pydantic-ai test_bedrock_error)', () => {
    const [interaction] = readCassette('bedrock/pydantic-ai/test_bedrock_error');
    expect(mapped(interaction.response.status, interaction.response.body.toString('utf8'))).toEqual({
      errorClass: 'BadRequestError',
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_request',
      message: 'bedrock: The provided model identifier is invalid.',
      headers: {},
      upstreamStatus: 400,
    });
  });

  // Bodies and statuses from the Converse API reference's Errors section; the messages are Bedrock's own wording.
  it.each([
    [400, '{"message":"Input is too long for requested model."}', 'ContextWindowExceededError', 400, 'context_length_exceeded'],
    [400, '{"message":"prompt is too long: 210000 tokens > 200000 maximum"}', 'ContextWindowExceededError', 400, 'context_length_exceeded'],
    [400, '{"message":"Malformed input request: #: extraneous key [foo] is not permitted"}', 'BadRequestError', 400, 'invalid_request'],
    [403, '{"message":"You don\'t have access to the model with the specified model ID."}', 'PermissionDeniedError', 403, 'permission_denied'],
    [403, '{"message":"The security token included in the request is invalid."}', 'AuthenticationError', 401, 'invalid_api_key'],
    [403, '{"message":"The request signature we calculated does not match the signature you provided."}', 'AuthenticationError', 401, 'invalid_api_key'],
    [404, '{"message":"Model not found."}', 'NotFoundError', 404, 'not_found'],
    [408, '{"message":"Model has timed out in processing the request."}', 'TimeoutError', 504, 'upstream_timeout'],
    [424, '{"message":"Received error from the model."}', 'InternalServerError', 502, 'upstream_error'],
    [429, '{"message":"Too many requests, please wait before trying again."}', 'RateLimitError', 429, 'rate_limit_exceeded'],
    [429, '{"message":"Model is not ready for inference. Wait and try your request again."}', 'ServiceUnavailableError', 503, 'service_unavailable'],
    [500, '{"message":"The server encountered an internal error."}', 'InternalServerError', 502, 'upstream_error'],
    [503, '{"message":"Bedrock is unable to process your request."}', 'ServiceUnavailableError', 503, 'service_unavailable'],
  ])('maps %i %s', (status, body, errorClass, clientStatus, code) => {
    expect(mapped(status, body)).toMatchObject({ errorClass, status: clientStatus, code, message: `bedrock: ${(JSON.parse(body) as { message: string }).message}` });
  });

  it('reads the exception name from __type, code or the x-amzn-ErrorType header when present', () => {
    expect(mapped(400, '{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"Bad key"}').errorClass).toBe('AuthenticationError');
    expect(mapped(400, '{"code":"ServiceQuotaExceededException","message":"Quota"}').errorClass).toBe('RateLimitError');
    expect(mapped(400, '{"message":"nope"}', { 'x-amzn-errortype': 'ModelNotReadyException:http://internal.amazon.com/coral/com.amazon.bedrock/' }).errorClass).toBe('ServiceUnavailableError');
  });

  it('keeps retry-after on 429 and 503 only', () => {
    expect(mapped(429, '{"message":"Too many requests"}', { 'retry-after': '3' }).headers).toEqual({ 'retry-after': '3' });
    expect(mapped(503, '{"message":"Unavailable"}', { 'retry-after': '9' }).headers).toEqual({ 'retry-after': '9' });
    expect(mapped(400, '{"message":"x"}', { 'retry-after': '3' }).headers).toEqual({});
  });

  it('keeps a body that is not JSON as the message', () => {
    expect(mapped(502, '<html>Bad Gateway</html>')).toMatchObject({ errorClass: 'InternalServerError', status: 502, message: 'bedrock: <html>Bad Gateway</html>' });
  });
});
