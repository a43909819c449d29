import { errorClassOfStatus, headerValue, saysContextWindowExceeded, upstreamError, type ErrorClass, type UpstreamError, type UpstreamFailure } from '@switchyard/core';

/*
 * Gemini (and Vertex AI) errors are google.rpc.Status bodies: {"error": {"code", "message", "status", "details"}}
 * (a one-element array of that for streamGenerateContent without alt=sse). The canonical `status` decides the class;
 * `details` refine it: ErrorInfo reason API_KEY_INVALID turns AI Studio's 400 into an authentication error, and
 * RetryInfo.retryDelay becomes retry-after.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 * @see https://cloud.google.com/apis/design/errors
 * (proto: google/rpc/status.proto, error_details.proto, code.proto)
 */

interface RpcStatus {
  code?: number;
  message?: string;
  status?: string;
  details?: Array<{ '@type'?: string; reason?: string; retryDelay?: string; [field: string]: unknown }>;
}

const classOfRpcStatus: Readonly<Record<string, ErrorClass>> = {
  INVALID_ARGUMENT: 'BadRequestError',
  FAILED_PRECONDITION: 'BadRequestError',
  OUT_OF_RANGE: 'BadRequestError',
  UNAUTHENTICATED: 'AuthenticationError',
  PERMISSION_DENIED: 'PermissionDeniedError',
  NOT_FOUND: 'NotFoundError',
  RESOURCE_EXHAUSTED: 'RateLimitError',
  DEADLINE_EXCEEDED: 'TimeoutError',
  UNAVAILABLE: 'ServiceUnavailableError',
  INTERNAL: 'InternalServerError',
  UNKNOWN: 'InternalServerError',
  DATA_LOSS: 'InternalServerError',
};

// ErrorInfo reasons Google uses for a key that is wrong, expired or of the wrong kind.
const authenticationReasons = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'ACCESS_TOKEN_EXPIRED', 'ACCESS_TOKEN_INVALID', 'CREDENTIALS_MISSING']);
const permissionReasons = new Set(['API_KEY_SERVICE_BLOCKED', 'API_KEY_HTTP_REFERRER_BLOCKED', 'API_KEY_IP_ADDRESS_BLOCKED', 'SERVICE_DISABLED', 'CONSUMER_SUSPENDED']);

/** Maps a non-2xx Gemini or Vertex AI answer to the error the client sees. */
export function mapGeminiError(provider: string, failure: UpstreamFailure): UpstreamError {
  const status = parseRpcStatus(failure.bodyText);
  const message = `${provider}: ${status?.message ?? (failure.bodyText.trim() || `upstream answered ${failure.status}`)}`;
  const errorClass = classify(status, failure.status, message);
  const headers: Record<string, string> = {};
  if (errorClass === 'RateLimitError' || errorClass === 'ServiceUnavailableError') {
    const retryAfter = retryDelaySeconds(status) ?? headerValue(failure.headers['retry-after']);
    if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  }
  return upstreamError(errorClass, { provider, upstreamStatus: failure.status, message, headers });
}

/**
 * Maps an error object that arrived inside a 200 stream (`data: {"error": …}`); its `code` is taken as the status,
 * else it is the upstream's failure (500).
 */
export function mapGeminiStreamError(provider: string, text: string): UpstreamError {
  const code = parseRpcStatus(text)?.code;
  const status = typeof code === 'number' && code >= 400 && code <= 599 ? code : 500;
  return mapGeminiError(provider, { status, headers: {}, bodyText: text });
}

/** The google.rpc.Status inside a body, or undefined when the body is not one. */
export function parseRpcStatus(text: string): RpcStatus | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(parsed)) parsed = parsed[0];
  const error = (parsed as { error?: unknown } | null)?.error;
  return typeof error === 'object' && error !== null && !Array.isArray(error) ? (error as RpcStatus) : undefined;
}

function classify(status: RpcStatus | undefined, httpStatus: number, message: string): ErrorClass {
  const reasons = (status?.details ?? []).map((detail) => detail.reason).filter((reason): reason is string => typeof reason === 'string');
  if (reasons.some((reason) => authenticationReasons.has(reason))) return 'AuthenticationError';
  if (reasons.some((reason) => permissionReasons.has(reason))) return 'PermissionDeniedError';
  const errorClass = (status?.status !== undefined ? classOfRpcStatus[status.status] : undefined) ?? errorClassOfStatus(httpStatus);
  if (errorClass === 'BadRequestError' && saysContextWindowExceeded(message)) return 'ContextWindowExceededError';
  return errorClass;
}

/** RetryInfo.retryDelay ("43s", "0.5s", a google.protobuf.Duration in JSON) in whole seconds, rounded up. */
function retryDelaySeconds(status: RpcStatus | undefined): string | undefined {
  const detail = status?.details?.find((entry) => entry['@type'] === 'type.googleapis.com/google.rpc.RetryInfo');
  const match = typeof detail?.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay) : null;
  return match ? String(Math.ceil(Number(match[1]))) : undefined;
}
