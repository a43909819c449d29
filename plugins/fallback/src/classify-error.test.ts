import { GatewayError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { classifyError } from './classify-error.js';

describe('classifyError', () => {
  it('names the LiteLLM class of each upstream failure', () => {
    const cases = [
      new GatewayError({ code: 'context_length_exceeded', status: 400, message: 'too long' }),
      new GatewayError({ code: 'content_policy_violation', status: 400, message: 'refused' }),
      new GatewayError({ code: 'content_filter', status: 400, message: 'filtered' }),
      new GatewayError({ code: 'invalid_api_key', message: 'bad key' }),
      new GatewayError({ code: 'rate_limit_exceeded', message: 'slow down' }),
      new GatewayError({ code: 'upstream_timeout', message: 'late' }),
      new GatewayError({ code: 'upstream_unreachable', message: 'reset' }),
      new GatewayError({ code: 'service_unavailable', message: 'down' }),
      new GatewayError({ code: 'invalid_request', message: 'bad' }),
    ];
    expect(cases.map(classifyError)).toEqual([
      'ContextWindowExceededError',
      'ContentPolicyViolationError',
      'ContentPolicyViolationError',
      'AuthenticationError',
      'RateLimitError',
      'TimeoutError',
      'InternalServerError',
      'InternalServerError',
      'BadRequestError',
    ]);
  });

  it('leaves failures that are not the upstream\'s unclassified', () => {
    const cases = ['client_closed', 'internal_error', 'plugin_error'].map((code) => new GatewayError({ code, message: code }));
    expect(cases.map(classifyError)).toEqual([undefined, undefined, undefined]);
  });
});
