import { UpstreamError, attachRawJson, type GatewayError, type UpstreamJson } from '@switchyard/core';
import { isOpenAIErrorPayload } from './map-error.js';

/*
 * A JSON answer is already OpenAI's shape, so it passes through whole: every field the host added (Groq's x_groq,
 * DeepSeek's prompt_cache_hit_tokens, xAI's cost_in_usd_ticks) reaches the client. The text it was parsed from is
 * attached, so core writes the upstream's exact bytes when no plugin changed the object.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 */

/**
 * Checks that a 2xx body is a JSON object and returns it with its raw text attached. A body that is an error report
 * is thrown as `toError` maps it.
 */
export function mapOpenAIResponse<T extends object>(answer: UpstreamJson, provider: string, toError: (payload: { error: unknown }, text: string) => GatewayError): T {
  const body = answer.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UpstreamError({ provider, upstreamStatus: answer.status, code: 'upstream_invalid_response', message: `${provider} answered with JSON that is not an object`, retryable: true });
  }
  if (isOpenAIErrorPayload(body)) throw toError(body, answer.text);
  return attachRawJson(body as T, answer.text);
}
