import { UpstreamError, attachRawJson, type ChatChunk, type GatewayError, type UpstreamEvent } from '@switchyard/core';
import { isOpenAIErrorPayload } from './map-error.js';

/*
 * OpenAI streams one chat.completion.chunk per SSE `data:` line and ends with `data: [DONE]`; core has already
 * undone the framing. Each event is parsed once and passed through with its text attached, so an unchanged chunk is
 * written to the client byte for byte (host fields such as `obfuscation` or `x_groq` included).
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */

/**
 * Yields the chunks of an OpenAI-style stream. An `{"error":…}` event is thrown as `toError` maps it; a stream that
 * closes without `[DONE]` simply ends, as some self-hosted servers never send it.
 */
export async function* mapOpenAIStream(
  events: AsyncIterable<UpstreamEvent>,
  provider: string,
  toError: (payload: { error: unknown }, text: string) => GatewayError,
): AsyncGenerator<ChatChunk> {
  for await (const event of events) {
    if (event.data === '[DONE]') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch (error) {
      throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: `${provider} sent a stream event that is not JSON`, cause: error, retryable: true });
    }
    if (isOpenAIErrorPayload(parsed)) throw toError(parsed, event.data);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: `${provider} sent a stream event that is not a JSON object`, retryable: true });
    }
    yield attachRawJson(parsed as ChatChunk, event.data);
  }
}
