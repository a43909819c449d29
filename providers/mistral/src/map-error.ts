import { errorClassOfStatus, headerValue, maskSecret, saysContextWindowExceeded, upstreamError, type ErrorClass, type UpstreamError, type UpstreamFailure } from '@switchyard/core';

/*
 * Mistral's error bodies come in three shapes:
 * - `{"object":"error","message":"…","type":"invalid_request_error","param":null,"code":"3280"}` (its API errors; the
 *   code is Mistral's own number, not an OpenAI code);
 * - the same with `message: {"detail": [...]}`, or a bare `{"detail": [...]}`: a 422 request validation failure, each
 *   detail `{type, loc: ["body", "field", …], msg}`;
 * - `{"message": "Unauthorized", "request_id": "…"}` from its API gateway (401, 429).
 * The class comes from the status, except that words about the context window make any 4xx a
 * ContextWindowExceededError (Mistral says "… too large for model with 32768 maximum context length"). A 422 is the
 * client's bad request: a 400 BadRequestError carrying the validation messages. The message keeps Mistral's words,
 * prefixed `mistral: `; retry-after passes through on 429, 503 and 529.
 * @see https://docs.mistral.ai/api/ (HTTPValidationError)
 */

const provider = 'mistral';
// Below this length a "key" is a placeholder, and replacing it would mangle text.
const shortestScrubbedKey = 8;

interface ValidationDetail { loc?: unknown; msg?: unknown }

/** Maps a non-2xx answer. `apiKey` is masked wherever Mistral echoes it (core only knows keys written in the config). */
export function mapMistralError(failure: UpstreamFailure, apiKey?: string): UpstreamError {
  const bodyText = apiKey !== undefined && apiKey.length >= shortestScrubbedKey ? failure.bodyText.split(apiKey).join(maskSecret(apiKey)) : failure.bodyText;
  const parsed = parseMistralError(bodyText);
  const status = failure.status;
  const message = `${provider}: ${parsed.message ?? (bodyText.trim() || `upstream answered ${status}`)}`;
  const retryAfter = headerValue(failure.headers['retry-after']);
  const headers: Record<string, string> = retryAfter !== undefined && (status === 429 || status === 503 || status === 529) ? { 'retry-after': retryAfter } : {};
  return upstreamError(classOf(status, message), { provider, upstreamStatus: status, message, headers, param: parsed.param });
}

/**
 * Maps an error that arrived inside a 200 answer: an `{"object":"error",…}` event in a stream. Mistral sometimes adds
 * `raw_status_code`; without it the failure is the upstream's (a 500).
 */
export function mapMistralErrorPayload(payload: Record<string, unknown>, text: string, apiKey?: string): UpstreamError {
  const raw = payload.raw_status_code;
  const status = typeof raw === 'number' && Number.isInteger(raw) && raw >= 400 && raw <= 599 ? raw : 500;
  return mapMistralError({ status, headers: {}, bodyText: text }, apiKey);
}

/** Whether a parsed 200 body or stream event is an error report rather than a completion. */
export function isMistralErrorPayload(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (record.choices !== undefined || record.data !== undefined) return false;
  return record.object === 'error' || record.detail !== undefined || (record.error !== undefined && record.error !== null);
}

function classOf(status: number, message: string): ErrorClass {
  if (status >= 400 && status < 500 && status !== 429 && saysContextWindowExceeded(message)) return 'ContextWindowExceededError';
  if (status === 422) return 'BadRequestError';
  return errorClassOfStatus(status);
}

interface ParsedError { message?: string; param?: string }

export function parseMistralError(text: string): ParsedError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  // An OpenAI-style `{"error": {…}}` (Mistral's OpenAI-compatible fronts answer so) is read the same way.
  const inner = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : record;
  const param = typeof inner.param === 'string' ? inner.param : undefined;
  const message = inner.message;
  if (typeof message === 'string') return { message, param };
  const detail = typeof message === 'object' && message !== null ? (message as Record<string, unknown>).detail : inner.detail;
  if (Array.isArray(detail)) return { message: detail.map(describeDetail).join('; '), param };
  if (typeof detail === 'string') return { message: detail, param };
  return { param };
}

function describeDetail(detail: ValidationDetail): string {
  const where = Array.isArray(detail.loc) ? detail.loc.join('.') : undefined;
  const what = typeof detail.msg === 'string' ? detail.msg : JSON.stringify(detail);
  return where === undefined || where === '' ? what : `${where}: ${what}`;
}
