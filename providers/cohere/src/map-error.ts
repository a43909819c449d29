import { errorClassOfStatus, headerValue, maskSecret, saysContextWindowExceeded, upstreamError, type ErrorClass, type UpstreamError, type UpstreamFailure } from '@switchyard/core';

/*
 * Cohere answers errors as {"message": "…"} (often with an "id"), the status saying what kind of failure it is:
 *
 *   400 → BadRequestError, or ContextWindowExceededError when the message says the prompt is too long
 *         ("too many tokens: total number of tokens in the prompt cannot exceed …", "size limit exceeded by …"),
 *         but not for "too many tokens: max tokens must be less than or equal to …", which is a max_tokens mistake
 *   401 → AuthenticationError        402 (billing limit reached) → PermissionDeniedError
 *   403 → PermissionDeniedError      404 → NotFoundError
 *   422 → BadRequestError, keeping 422 unprocessable_entity
 *   429 → RateLimitError, keeping retry-after
 *   498 (the request or answer holds a deny-listed token) → ContentPolicyViolationError
 *   499 (cancelled on Cohere's side; its docs say to try again) → InternalServerError
 *   500, 501, other 5xx → InternalServerError    503 → ServiceUnavailableError (retry-after kept)    504 → TimeoutError
 *
 * The message reaches the client prefixed `cohere: `, with the deployment's key masked should Cohere echo it.
 * @see https://docs.cohere.com/reference/errors
 * @see https://docs.cohere.com/reference/chat (responses 400–504)
 */

export function mapCohereError(failure: UpstreamFailure, apiKey?: string): UpstreamError {
  const status = failure.status;
  const said = errorMessageOf(failure.bodyText) ?? (failure.bodyText.trim() || `upstream answered ${status}`);
  const message = `cohere: ${mask(said, apiKey)}`;
  const retryAfter = headerValue(failure.headers['retry-after']);
  const headers: Record<string, string> = retryAfter !== undefined && (status === 429 || status === 503 || status === 529) ? { 'retry-after': retryAfter } : {};
  const init = { provider: 'cohere', upstreamStatus: status, message, headers };
  if (status === 422) return upstreamError('BadRequestError', { ...init, status: 422, code: 'unprocessable_entity' });
  return upstreamError(errorClassOf(status, said), init);
}

/** An error report that arrived as a stream event instead of an HTTP status. */
export function mapCohereErrorEvent(said: string, apiKey?: string): UpstreamError {
  return upstreamError('InternalServerError', { provider: 'cohere', upstreamStatus: 200, message: `cohere: ${mask(said, apiKey)}` });
}

function errorClassOf(status: number, said: string): ErrorClass {
  switch (status) {
    case 400:
      return saysCohereContextWindowExceeded(said) ? 'ContextWindowExceededError' : 'BadRequestError';
    case 402:
      return 'PermissionDeniedError';
    case 498:
      return 'ContentPolicyViolationError';
    case 499:
      return 'InternalServerError';
    default:
      return errorClassOfStatus(status);
  }
}

/** Whether a Cohere 400 says the prompt did not fit the model's context window. */
export function saysCohereContextWindowExceeded(said: string): boolean {
  if (/max tokens must be/i.test(said)) return false;
  return saysContextWindowExceeded(said) || /size limit exceeded|prompt cannot exceed|minimal context could not be added/i.test(said);
}

function errorMessageOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') return (body as { message: string }).message;
  } catch {
    // Not JSON (a proxy's HTML page, say): the text itself is the message.
  }
  return undefined;
}

// Below this length a "key" is a placeholder, and replacing it would mangle ordinary words.
const shortestMaskedKey = 8;

function mask(text: string, apiKey: string | undefined): string {
  return apiKey !== undefined && apiKey.length >= shortestMaskedKey ? text.split(apiKey).join(maskSecret(apiKey)) : text;
}
