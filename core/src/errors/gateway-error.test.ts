import { describe, expect, it } from 'vitest';
import { errorCodes } from './error-codes.js';
import { ConfigError, GatewayError, PluginError, UnsupportedParameterError, UpstreamError, isRetryableStatus, toGatewayError } from './gateway-error.js';
import { saysContextWindowExceeded } from './error-class.js';
import { ContextWindowExceededError, ServiceUnavailableError, upstreamError } from './upstream-errors.js';

describe('GatewayError', () => {
  it('takes status and type from the code list', () => {
    const error = new GatewayError({ code: 'model_not_found', message: 'no such model', param: 'model' });
    expect({ status: error.status, type: error.type, code: error.code, param: error.param, expose: error.expose, retryable: error.retryable, headers: error.headers }).toEqual({
      status: 404,
      type: 'invalid_request_error',
      code: 'model_not_found',
      param: 'model',
      expose: true,
      retryable: false,
      headers: {},
    });
  });

  it('lets status and type given override the code list', () => {
    const error = new GatewayError({ code: 'rate_limit_exceeded', message: 'slow down', status: 503, type: 'overloaded_error' });
    expect([error.status, error.type]).toEqual([503, 'overloaded_error']);
  });

  it('makes an unknown code a 500 server_error', () => {
    const error = new GatewayError({ code: 'budget_exceeded', message: 'over budget' });
    expect([error.status, error.type]).toEqual([500, 'server_error']);
  });

  it("writes OpenAI's error body", () => {
    const error = new GatewayError({ code: 'invalid_request', message: "Invalid value for 'temperature'", param: 'temperature' });
    expect(error.toOpenAIError()).toStrictEqual({ error: { message: "Invalid value for 'temperature'", type: 'invalid_request_error', param: 'temperature', code: 'invalid_request' } });
  });

  it('writes a null param when none is given', () => {
    expect(new GatewayError({ code: 'not_found', message: 'no route' }).toOpenAIError()).toStrictEqual({
      error: { message: 'no route', type: 'invalid_request_error', param: null, code: 'not_found' },
    });
  });

  it('keeps the cause', () => {
    const cause = new Error('socket hang up');
    expect(new GatewayError({ code: 'upstream_unreachable', message: 'down', cause }).cause).toBe(cause);
  });

  it('is named after its class', () => {
    expect([new GatewayError({ code: 'not_found', message: '' }).name, new PluginError('p', 'admit', new Error('x')).name]).toEqual(['GatewayError', 'PluginError']);
  });
});

describe('GatewayError.isGatewayError', () => {
  it('recognises every subclass', () => {
    const errors = [
      new GatewayError({ code: 'not_found', message: '' }),
      new ConfigError('bad'),
      new PluginError('p', 'admit', new Error('x')),
      new UpstreamError({ provider: 'openai', code: 'upstream_error', message: '' }),
      new UnsupportedParameterError('logprobs', 'anthropic'),
    ];
    expect(errors.map((error) => GatewayError.isGatewayError(error))).toEqual([true, true, true, true, true]);
  });

  it('recognises an error made by another copy of core through the Symbol.for marker', () => {
    // What a plugin bundling its own copy of core throws: a different class, the same registered symbol.
    class OtherCopyGatewayError extends Error {
      constructor() {
        super('from another copy');
        Object.defineProperty(this, Symbol.for('switchyard.error'), { value: true });
      }
    }
    const foreign = new OtherCopyGatewayError();
    expect(foreign instanceof GatewayError).toBe(false);
    expect(GatewayError.isGatewayError(foreign)).toBe(true);
  });

  it('refuses plain errors, lookalikes and non-objects', () => {
    expect([new Error('x'), { status: 400, code: 'invalid_request' }, null, undefined, 'error', 42].map((value) => GatewayError.isGatewayError(value))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('subclasses', () => {
  it('makes ConfigError an unexposed error listing every problem', () => {
    const error = new ConfigError(['a: is required', 'b: must be integer']);
    expect({ message: error.message, problems: error.problems, expose: error.expose, status: error.status }).toEqual({
      message: 'a: is required\nb: must be integer',
      problems: ['a: is required', 'b: must be integer'],
      expose: false,
      status: 500,
    });
  });

  it('makes PluginError an unexposed 500 plugin_error naming the plugin and hook', () => {
    const cause = new Error('boom');
    const error = new PluginError('budgets', 'admit', cause);
    expect({ message: error.message, plugin: error.plugin, hook: error.hook, code: error.code, status: error.status, expose: error.expose, cause: error.cause }).toEqual({
      message: 'plugin budgets failed in admit',
      plugin: 'budgets',
      hook: 'admit',
      code: 'plugin_error',
      status: 500,
      expose: false,
      cause,
    });
  });

  it('classes an UpstreamError by its status when its code says nothing more, and retries the transient classes', () => {
    const statuses = [400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504, 529, undefined];
    const made = statuses.map((upstreamStatus) => new UpstreamError({ provider: 'p', code: 'provider_code', message: '', upstreamStatus }));
    expect(made.map((error) => error.errorClass)).toEqual([
      'BadRequestError', 'AuthenticationError', 'PermissionDeniedError', 'NotFoundError', 'TimeoutError', 'BadRequestError', 'BadRequestError',
      'RateLimitError', 'InternalServerError', 'InternalServerError', 'ServiceUnavailableError', 'TimeoutError', 'ServiceUnavailableError', 'InternalServerError',
    ]);
    expect(made.map((error) => error.retryable)).toEqual([false, false, false, false, true, false, false, true, true, true, true, true, true, true]);
  });

  it('classes an UpstreamError by core codes before the status', () => {
    const classOf = (code: string) => new UpstreamError({ provider: 'p', code, message: '', upstreamStatus: 400 }).errorClass;
    expect(['context_length_exceeded', 'content_filter', 'content_policy_violation', 'upstream_timeout', 'upstream_unreachable', 'service_unavailable'].map(classOf)).toEqual([
      'ContextWindowExceededError', 'ContentPolicyViolationError', 'ContentPolicyViolationError', 'TimeoutError', 'InternalServerError', 'ServiceUnavailableError',
    ]);
  });

  it('gives each typed upstream error its class, status, type and code, keeping what the init names', () => {
    const error = upstreamError('ContextWindowExceededError', { provider: 'anthropic', upstreamStatus: 400, message: 'anthropic: prompt is too long' });
    expect(error).toBeInstanceOf(ContextWindowExceededError);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(UpstreamError.isUpstreamError(error)).toBe(true);
    expect([error.errorClass, error.status, error.type, error.code, error.retryable, error.provider, error.upstreamStatus]).toEqual([
      'ContextWindowExceededError', 400, 'invalid_request_error', 'context_length_exceeded', false, 'anthropic', 400,
    ]);
    expect(error.toOpenAIError()).toEqual({ error: { message: 'anthropic: prompt is too long', type: 'invalid_request_error', param: null, code: 'context_length_exceeded' } });
    const overloaded = new ServiceUnavailableError({ provider: 'anthropic', upstreamStatus: 529, message: 'Overloaded', headers: { 'retry-after': '3' } });
    expect([overloaded.status, overloaded.type, overloaded.code, overloaded.retryable, overloaded.headers]).toEqual([503, 'service_unavailable_error', 'service_unavailable', true, { 'retry-after': '3' }]);
    const ownCode = upstreamError('BadRequestError', { provider: 'p', message: 'm', code: 'invalid_value', param: 'temperature' });
    expect([ownCode.code, ownCode.param, ownCode.status]).toEqual(['invalid_value', 'temperature', 400]);
    expect(UpstreamError.isUpstreamError(new GatewayError({ message: 'x', code: 'internal_error' }))).toBe(false);
  });

  it('recognises context-window messages in the words providers use', () => {
    for (const message of [
      "This model's maximum context length is 8192 tokens",
      'prompt is too long: 215000 tokens > 200000 maximum',
      'Input is too long for requested model.',
      'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
    ]) expect(saysContextWindowExceeded(message), message).toBe(true);
    expect(saysContextWindowExceeded('temperature: Input should be less than or equal to 1')).toBe(false);
  });

  it('lets UpstreamError say retryable explicitly', () => {
    expect(new UpstreamError({ provider: 'p', code: 'upstream_error', message: '', upstreamStatus: 500, retryable: false }).retryable).toBe(false);
  });

  it('makes UnsupportedParameterError a 400 naming the param', () => {
    expect(new UnsupportedParameterError('logit_bias', 'anthropic').toOpenAIError()).toStrictEqual({
      error: {
        message: "anthropic does not support the parameter 'logit_bias'. Remove it, or set drop_params to drop unsupported parameters.",
        type: 'invalid_request_error',
        param: 'logit_bias',
        code: 'unsupported_parameter',
      },
    });
  });
});

describe('isRetryableStatus', () => {
  it('says yes for a failed connection (no status)', () => {
    expect(isRetryableStatus(undefined)).toBe(true);
  });
});

describe('toGatewayError', () => {
  it('passes a GatewayError through as it is', () => {
    const error = new GatewayError({ code: 'not_found', message: '' });
    expect(toGatewayError(error)).toBe(error);
  });

  it('wraps anything else in an unexposed 500 internal_error keeping it as cause', () => {
    const thrown = new TypeError('x is undefined');
    const error = toGatewayError(thrown);
    expect({ code: error.code, status: error.status, expose: error.expose, message: error.message, cause: error.cause }).toEqual({
      code: 'internal_error',
      status: 500,
      expose: false,
      message: 'internal error',
      cause: thrown,
    });
  });
});

describe('errorCodes', () => {
  it('names every code in snake_case', () => {
    for (const code of Object.keys(errorCodes)) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});
