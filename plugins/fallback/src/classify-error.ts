import { UpstreamError, type GatewayError } from '@switchyard/core';
import type { ErrorClass } from './options-schema.js';

/**
 * LiteLLM's error class of an upstream failure, or undefined for a failure that is not the upstream's (the client
 * went away, a plugin threw), which is passed on untouched: no retry, no cooldown, no fallback.
 * @see https://docs.litellm.ai/docs/exception_mapping
 */
export function classifyError(error: GatewayError): ErrorClass | undefined {
  if (UpstreamError.isUpstreamError(error)) {
    // Core's classes are finer than retry_policy's keys; LiteLLM folds them the same way.
    switch (error.errorClass) {
      case 'PermissionDeniedError':
        return 'AuthenticationError';
      case 'NotFoundError':
        return 'BadRequestError';
      case 'ServiceUnavailableError':
        return 'InternalServerError';
      default:
        return error.errorClass;
    }
  }
  switch (error.code) {
    case 'client_closed':
    case 'internal_error':
    case 'plugin_error':
      return undefined;
    case 'context_length_exceeded':
      return 'ContextWindowExceededError';
    // OpenAI says content_policy_violation for images and Azure says content_filter for chat; both mean the same.
    case 'content_policy_violation':
    case 'content_filter':
      return 'ContentPolicyViolationError';
    case 'upstream_timeout':
      return 'TimeoutError';
    case 'upstream_unreachable':
    case 'upstream_error':
    case 'upstream_invalid_response':
    case 'service_unavailable':
      return 'InternalServerError';
  }
  if (error.status === 401 || error.status === 403) return 'AuthenticationError';
  if (error.status === 429) return 'RateLimitError';
  if (error.status === 408 || error.status === 504) return 'TimeoutError';
  if (error.status >= 500) return 'InternalServerError';
  return 'BadRequestError';
}

/** The classes whose cause is the request itself: another try of the same request fails the same way. */
export function isCausedByRequest(errorClass: ErrorClass): boolean {
  return errorClass === 'BadRequestError' || errorClass === 'ContextWindowExceededError' || errorClass === 'ContentPolicyViolationError';
}
