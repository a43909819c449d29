import { errorClassOfStatus, headerValue, saysContextWindowExceeded, upstreamError, type ErrorClass, type UpstreamError, type UpstreamFailure } from '@switchyard/core';

/*
 * Anthropic answers every failure as {"type":"error","error":{"type","message"},"request_id"}: with an HTTP status
 * before the stream starts, or as an SSE `error` event after it did. The error type decides the class; the status
 * decides only when the body is not Anthropic's (a proxy's HTML page).
 * @see https://docs.anthropic.com/en/api/errors
 */

interface ErrorKind {
  readonly errorClass: ErrorClass;
  /** The HTTP status Anthropic documents for the type, used for errors that arrive inside a 200 stream. */
  readonly status: number;
  /** Overrides of the class's client status and code. */
  readonly clientStatus?: number;
  readonly code?: string;
}

const errorKinds: Readonly<Record<string, ErrorKind>> = {
  invalid_request_error: { errorClass: 'BadRequestError', status: 400 },
  authentication_error: { errorClass: 'AuthenticationError', status: 401 },
  // Credit exhausted: nothing the request can change, and OpenAI answers the same situation with a 400-class error.
  billing_error: { errorClass: 'BadRequestError', status: 402 },
  permission_error: { errorClass: 'PermissionDeniedError', status: 403 },
  not_found_error: { errorClass: 'NotFoundError', status: 404 },
  request_too_large: { errorClass: 'BadRequestError', status: 413, clientStatus: 413, code: 'request_too_large' },
  rate_limit_error: { errorClass: 'RateLimitError', status: 429 },
  api_error: { errorClass: 'InternalServerError', status: 500 },
  timeout_error: { errorClass: 'TimeoutError', status: 504 },
  // 529: Anthropic is overloaded as a whole; another deployment (or a later try) may well succeed.
  overloaded_error: { errorClass: 'ServiceUnavailableError', status: 529 },
};

// Worth passing on: when to try again.
const retryStatuses = new Set([429, 503, 529]);

/**
 * Maps a failed Anthropic answer (status, headers, body) to the error the client sees. `provider` prefixes the
 * message and names the provider in the error ('anthropic', or 'vertex_ai' for Claude on Vertex, whose errors have
 * the same shape).
 */
export function mapAnthropicError(provider: string, failure: UpstreamFailure): UpstreamError {
  const payload = parseErrorBody(failure.bodyText);
  const retryAfter = headerValue(failure.headers['retry-after']);
  const kind = payload?.type === undefined ? undefined : errorKinds[payload.type];
  const errorClass = classOf(kind?.errorClass ?? errorClassOfStatus(failure.status), payload?.message);
  const message = `${provider}: ${payload?.message ?? (failure.bodyText.trim() || `upstream answered ${failure.status}`)}`;
  return upstreamError(errorClass, {
    provider,
    upstreamStatus: failure.status,
    message,
    status: errorClass === kind?.errorClass ? kind.clientStatus : failure.status === 413 ? 413 : undefined,
    code: errorClass === kind?.errorClass ? kind.code : failure.status === 413 ? 'request_too_large' : undefined,
    headers: retryAfter !== undefined && retryStatuses.has(failure.status) ? { 'retry-after': retryAfter } : {},
  });
}

/**
 * Maps an `error` event that arrived inside a stream (the HTTP status was already 200): the status Anthropic
 * documents for the error type stands in for the missing one.
 */
export function mapAnthropicStreamError(provider: string, data: string): UpstreamError {
  const payload = parseErrorBody(data);
  const status = (payload?.type === undefined ? undefined : errorKinds[payload.type]?.status) ?? 500;
  return mapAnthropicError(provider, { status, headers: {}, bodyText: data });
}

function classOf(errorClass: ErrorClass, message: string | undefined): ErrorClass {
  // "prompt is too long: 208154 tokens > 200000 maximum" is an invalid_request_error; only its words tell.
  if (errorClass === 'BadRequestError' && message !== undefined && saysContextWindowExceeded(message)) return 'ContextWindowExceededError';
  return errorClass;
}

function parseErrorBody(text: string): { type?: string; message?: string } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, message } = error as { type?: unknown; message?: unknown };
  return { type: typeof type === 'string' ? type : undefined, message: typeof message === 'string' ? message : undefined };
}
