import type { ErrorCode } from './error-codes.js';

/**
 * The kinds of upstream failure every provider's errors are sorted into, named as LiteLLM names its exception
 * classes so `retry_policy` and `allowed_fails_policy` keys mean the same here.
 * @see https://docs.litellm.ai/docs/exception_mapping
 */
export const errorClasses = [
  'AuthenticationError',
  'PermissionDeniedError',
  'NotFoundError',
  'BadRequestError',
  'ContextWindowExceededError',
  'ContentPolicyViolationError',
  'RateLimitError',
  'TimeoutError',
  'ServiceUnavailableError',
  'InternalServerError',
] as const;

export type ErrorClass = (typeof errorClasses)[number];

export interface ErrorClassDefaults {
  /** The status the client gets. */
  readonly status: number;
  readonly type: string;
  readonly code: ErrorCode;
  /** Whether another try (this or another deployment) may succeed. */
  readonly retryable: boolean;
}

/**
 * What each class becomes on the client's side. Upstream 5xx become 502/503/504 so a client can tell the upstream's
 * failures from the gateway's own (500); 4xx keep their status so clients behave as they would against OpenAI.
 */
export const errorClassDefaults: Readonly<Record<ErrorClass, ErrorClassDefaults>> = {
  AuthenticationError: { status: 401, type: 'authentication_error', code: 'invalid_api_key', retryable: false },
  PermissionDeniedError: { status: 403, type: 'permission_error', code: 'permission_denied', retryable: false },
  NotFoundError: { status: 404, type: 'invalid_request_error', code: 'not_found', retryable: false },
  BadRequestError: { status: 400, type: 'invalid_request_error', code: 'invalid_request', retryable: false },
  ContextWindowExceededError: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', retryable: false },
  ContentPolicyViolationError: { status: 400, type: 'invalid_request_error', code: 'content_policy_violation', retryable: false },
  RateLimitError: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', retryable: true },
  TimeoutError: { status: 504, type: 'timeout_error', code: 'upstream_timeout', retryable: true },
  ServiceUnavailableError: { status: 503, type: 'service_unavailable_error', code: 'service_unavailable', retryable: true },
  InternalServerError: { status: 502, type: 'upstream_error', code: 'upstream_error', retryable: true },
};

/** The class of a failure known only by its code and status (core's own codes, an OpenAI-style body). */
export function errorClassOf(code: string, status: number | undefined): ErrorClass {
  switch (code) {
    case 'context_length_exceeded':
      return 'ContextWindowExceededError';
    // OpenAI says content_policy_violation for images and Azure says content_filter for chat; both mean the same.
    case 'content_policy_violation':
    case 'content_filter':
      return 'ContentPolicyViolationError';
    case 'upstream_timeout':
      return 'TimeoutError';
    case 'service_unavailable':
      return 'ServiceUnavailableError';
    case 'upstream_unreachable':
    case 'upstream_error':
    case 'upstream_invalid_response':
    case 'stream_interrupted':
      return 'InternalServerError';
  }
  return errorClassOfStatus(status);
}

/** The class an upstream HTTP status means when the body says nothing more precise. No status: the connection failed. */
export function errorClassOfStatus(status: number | undefined): ErrorClass {
  if (status === undefined) return 'InternalServerError';
  if (status === 401) return 'AuthenticationError';
  if (status === 403) return 'PermissionDeniedError';
  if (status === 404) return 'NotFoundError';
  if (status === 408 || status === 504) return 'TimeoutError';
  if (status === 429) return 'RateLimitError';
  if (status === 503 || status === 529) return 'ServiceUnavailableError';
  if (status >= 500) return 'InternalServerError';
  return 'BadRequestError';
}

/**
 * Whether an upstream's message says the prompt did not fit the model's context window. Providers word it their
 * own way and several send it as a plain 400, so the words are the only sign.
 */
export function saysContextWindowExceeded(message: string): boolean {
  return contextWindowWords.test(message);
}

const contextWindowWords =
  /context[ _-]?(length|window)|maximum context|prompt is too long|input is too long|too many (input )?tokens|exceeds? the (maximum|max) (number of )?(input )?tokens|input length and `max_tokens` exceed|token count .* exceeds|reduce the length of the messages/i;
