import { saysContextWindowExceeded } from '../errors/error-class.js';
import { UpstreamError } from '../errors/gateway-error.js';
import type { UpstreamFailure } from './upstream-http.js';

/**
 * Core's default mapping of a failed upstream answer, for providers that answer in OpenAI's error shape
 * (`{"error":{"message","type","param","code"}}`). The upstream's message, type, code and param are kept for 4xx
 * so clients behave as they would against OpenAI; 5xx become 502/503/504 so a client can tell the gateway's own
 * failures (500) from the upstream's.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export function mapOpenAIStyleError(provider: string, failure: UpstreamFailure): UpstreamError {
  const parsed = parseErrorBody(failure.bodyText);
  const status = failure.status;
  const retryAfter = retryAfterSeconds(failure.headers);
  const headers: Record<string, string> = retryAfter && (status === 429 || status === 503) ? { 'retry-after': retryAfter } : {};
  const message = `${provider}: ${parsed.message ?? (failure.bodyText.trim() || `upstream answered ${status}`)}`;
  if (status >= 400 && status < 500) {
    return new UpstreamError({
      provider,
      upstreamStatus: status,
      status: status === 408 ? 504 : status,
      message,
      code: parsed.code ?? defaultCode(status),
      type: parsed.type ?? defaultType(status),
      param: parsed.param,
      headers,
      // Hosts that copy OpenAI's shape rarely copy its code for this one; their words still say it.
      errorClass: status === 400 && parsed.code !== 'context_length_exceeded' && saysContextWindowExceeded(message) ? 'ContextWindowExceededError' : undefined,
    });
  }
  const gatewayStatus = status === 503 ? 503 : status === 504 ? 504 : 502;
  return new UpstreamError({
    provider,
    upstreamStatus: status,
    status: gatewayStatus,
    message,
    code: gatewayStatus === 503 ? 'service_unavailable' : gatewayStatus === 504 ? 'upstream_timeout' : 'upstream_error',
    headers,
  });
}

interface ParsedError { message?: string; type?: string; code?: string; param?: string | null }

function parseErrorBody(text: string): ParsedError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (Array.isArray(body)) body = body[0];
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const inner = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : record;
  return {
    message: typeof inner.message === 'string' ? inner.message : typeof record.error === 'string' ? record.error : undefined,
    type: typeof inner.type === 'string' ? inner.type : undefined,
    code: typeof inner.code === 'string' ? inner.code : undefined,
    param: typeof inner.param === 'string' ? inner.param : null,
  };
}

function defaultCode(status: number): string {
  switch (status) {
    case 401: return 'invalid_api_key';
    case 403: return 'permission_denied';
    case 404: return 'not_found';
    case 408: return 'upstream_timeout';
    case 413: return 'request_too_large';
    case 422: return 'unprocessable_entity';
    case 429: return 'rate_limit_exceeded';
    default: return 'invalid_request';
  }
}

function defaultType(status: number): string {
  switch (status) {
    case 401: return 'authentication_error';
    case 403: return 'permission_error';
    case 408: return 'timeout_error';
    case 429: return 'rate_limit_error';
    default: return 'invalid_request_error';
  }
}

/**
 * The upstream's `retry-after`, else its `retry-after-ms` (Azure, OpenAI) or `x-ms-retry-after-ms` in whole seconds,
 * rounded up so a client never comes back early.
 */
export function retryAfterSeconds(headers: UpstreamFailure['headers']): string | undefined {
  const seconds = headerValue(headers['retry-after']);
  if (seconds !== undefined) return seconds;
  const raw = (headerValue(headers['retry-after-ms']) ?? headerValue(headers['x-ms-retry-after-ms']))?.trim();
  const ms = raw === undefined || raw === '' ? Number.NaN : Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? String(Math.ceil(ms / 1000)) : undefined;
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
