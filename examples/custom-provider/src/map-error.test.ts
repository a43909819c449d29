import { describe, expect, it } from 'vitest';
import { mapEchoError } from './map-error.mjs';

describe('mapEchoError', () => {
  it('maps bad_key to a 401 invalid_api_key', () => {
    const error = mapEchoError({ status: 401, headers: {}, bodyText: '{"failure":{"reason":"bad_key","detail":"the key is not valid"}}' });
    expect(error.status).toBe(401);
    expect(error.toOpenAIError()).toEqual({ error: { message: 'echo: the key is not valid', type: 'authentication_error', param: null, code: 'invalid_api_key' } });
  });

  it('maps overloaded to a retryable 503 and keeps retry-after', () => {
    const error = mapEchoError({ status: 503, headers: { 'retry-after': '7' }, bodyText: '{"failure":{"reason":"overloaded","detail":"too busy"}}' });
    expect([error.status, error.code, error.retryable, error.headers]).toEqual([503, 'service_unavailable', true, { 'retry-after': '7' }]);
  });

  it("leaves a body it cannot read to core's default mapping", () => {
    const error = mapEchoError({ status: 500, headers: {}, bodyText: '<html>Internal Server Error</html>' });
    expect(error.toOpenAIError()).toEqual({ error: { message: 'echo: <html>Internal Server Error</html>', type: 'upstream_error', param: null, code: 'upstream_error' } });
    expect(error.status).toBe(502);
  });
});
