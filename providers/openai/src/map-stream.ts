import { UpstreamError, mapEvents, rawChunk, type ChatChunk, type GatewayError, type UpstreamEvent } from '@switchyard/core';
import { isOpenAIErrorPayload } from './map-error.js';

/*
 * OpenAI streams one chat.completion.chunk per SSE `data:` line and ends with `data: [DONE]`; core has already
 * undone the framing. A chunk is already what the client wants, so it is handed on as its text (`rawChunk`): core
 * writes it byte for byte (host fields such as `obfuscation` or `x_groq` included) and parses it only when something
 * reads it, so a pass-through stream costs no JSON.parse per chunk.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */

// Only an event that starts as an object whose first key is "error" can be an error report; the rest are chunks.
const errorEvent = /^\s*\{\s*"error"\s*:/;
const objectStart = /^\s*\{/;

/**
 * The chunks of an OpenAI-style stream. An `{"error":…}` event is thrown as `toError` maps it; a stream that closes
 * without `[DONE]` simply ends, as some self-hosted servers never send it. A plain mapping rather than a generator:
 * core runs it in the same pass that decodes the events, so it adds no async step per chunk.
 */
export function mapOpenAIStream(
  events: AsyncIterable<UpstreamEvent>,
  provider: string,
  toError: (payload: { error: unknown }, text: string) => GatewayError,
): AsyncIterableIterator<ChatChunk> {
  let done = false;
  return mapEvents(events, (event): ChatChunk | undefined => {
    // Read on to the body's end rather than stop: leaving the upstream body early makes Node destroy it with an
    // AbortError (a stack trace per stream), and the end comes in the same read as [DONE] anyway.
    if (done) return undefined;
    if (event.data === '[DONE]') {
      done = true;
      return undefined;
    }
    if (errorEvent.test(event.data)) {
      const parsed = parseEvent(event.data, provider);
      if (isOpenAIErrorPayload(parsed)) throw toError(parsed, event.data);
    }
    if (!objectStart.test(event.data)) {
      throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: `${provider} sent a stream event that is not a JSON object`, retryable: true });
    }
    return rawChunk<ChatChunk>(event.data);
  });
}

function parseEvent(text: string, provider: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: `${provider} sent a stream event that is not JSON`, cause: error, retryable: true });
  }
}
