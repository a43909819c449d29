// @ts-check
// The echo API reference this follows is the comment at the top of echo-upstream.mjs.
import { UpstreamError, headerValue, mapOpenAIStyleError } from '@switchyard/core';

/**
 * Each failure reason of the echo upstream, as the status, code and type an OpenAI client expects.
 * @type {Readonly<Record<string, { status: number, code: string, type: string }>>}
 */
const reasons = {
  bad_key: { status: 401, code: 'invalid_api_key', type: 'authentication_error' },
  invalid: { status: 400, code: 'invalid_request', type: 'invalid_request_error' },
  overloaded: { status: 503, code: 'service_unavailable', type: 'service_unavailable_error' },
};

/**
 * Maps a failed echo answer to the error the client sees. Core calls it with the status, headers and body text
 * (cut to 64 KiB) and scrubs known secrets from the message afterwards.
 * @param {import('@switchyard/core').UpstreamFailure} failure
 * @returns {import('@switchyard/core').GatewayError}
 */
export function mapEchoError(failure) {
  const body = parseFailure(failure.bodyText);
  const known = body === undefined ? undefined : reasons[body.reason];
  // Anything else (a proxy's HTML 502, a reason added later) gets core's default mapping, which keeps a 4xx as it is
  // and turns a 5xx into 502, 503 or 504.
  if (body === undefined || known === undefined) return mapOpenAIStyleError('echo', failure);
  const retryAfter = headerValue(failure.headers['retry-after']);
  return new UpstreamError({
    provider: 'echo',
    upstreamStatus: failure.status,
    ...known,
    message: `echo: ${body.detail}`,
    headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
  });
}

/**
 * @param {string} text
 * @returns {{ reason: string, detail: string } | undefined}
 */
function parseFailure(text) {
  try {
    const failure = JSON.parse(text).failure;
    return typeof failure?.reason === 'string' && typeof failure.detail === 'string' ? failure : undefined;
  } catch {
    return undefined;
  }
}
