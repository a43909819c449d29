import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { RequestValidator } from './request-validator.js';

const validator = new RequestValidator({ fallbacks: { type: 'array', items: { type: 'string' } } });
const messages = [{ role: 'user', content: 'hi' }];

function refusal(endpoint: 'chat' | 'embeddings', body: unknown) {
  try {
    validator.validate(endpoint, body);
  } catch (error) {
    expect(GatewayError.isGatewayError(error)).toBe(true);
    return (error as GatewayError).toOpenAIError().error;
  }
  throw new Error('expected the body to be refused');
}

describe('RequestValidator', () => {
  it('accepts a valid chat request and returns it unchanged', () => {
    const body = { model: 'x', messages, temperature: 1, custom_field: 'carried' };
    expect(validator.validate('chat', body)).toEqual({ request: { model: 'x', messages, temperature: 1, custom_field: 'carried' }, gatewayParams: {} });
  });

  it('refuses a body that is not an object', () => {
    expect(refusal('chat', [])).toEqual({ message: 'The request body must be a JSON object.', type: 'invalid_request_error', param: null, code: 'invalid_request' });
  });

  it('names a param of the wrong type', () => {
    expect(refusal('chat', { model: 'x', messages, temperature: 'hot' })).toEqual({
      message: "Invalid value for 'temperature': must be number or null.",
      type: 'invalid_request_error',
      param: 'temperature',
      code: 'invalid_request',
    });
  });

  it('names a missing required param', () => {
    expect(refusal('chat', { model: 'x' })).toEqual({ message: "Invalid value for 'messages': is required.", type: 'invalid_request_error', param: 'messages', code: 'invalid_request' });
  });

  it('names the path inside messages', () => {
    expect(refusal('chat', { model: 'x', messages: [{ role: 'robot', content: 'hi' }] })).toMatchObject({ param: 'messages[0].role', code: 'invalid_request' });
  });

  it('lists every type an anyOf allows', () => {
    expect(refusal('embeddings', { model: 'e', input: 42 })).toEqual({
      message: "Invalid value for 'input': must be string or array.",
      type: 'invalid_request_error',
      param: 'input',
      code: 'invalid_request',
    });
  });

  it('refuses a field that would choose the upstream with 400 forbidden_parameter', () => {
    expect(refusal('chat', { model: 'x', messages, api_base: 'http://169.254.169.254' })).toEqual({
      message: "'api_base' cannot be set by a request: the gateway's configuration decides where and how it connects upstream.",
      type: 'invalid_request_error',
      param: 'api_base',
      code: 'forbidden_parameter',
    });
  });

  it('refuses provider connection settings by their prefix too', () => {
    for (const param of ['aws_profile_name', 'aws_bedrock_runtime_endpoint', 'vertex_ai_location', 'azure_scope', 'client_secret']) {
      expect(refusal('chat', { model: 'x', messages, [param]: 'x' }), param).toMatchObject({ param, code: 'forbidden_parameter' });
    }
  });

  it('takes plugin params out of the request', () => {
    const body = { model: 'x', messages, fallbacks: ['y'] };
    expect(validator.validate('chat', body)).toEqual({ request: { model: 'x', messages }, gatewayParams: { fallbacks: ['y'] } });
  });

  it('names the path inside a plugin param of the wrong shape', () => {
    expect(refusal('chat', { model: 'x', messages, fallbacks: ['y', 3] })).toEqual({
      message: "Invalid value for 'fallbacks[1]': must be string.",
      type: 'invalid_request_error',
      param: 'fallbacks',
      code: 'invalid_request',
    });
  });
});
