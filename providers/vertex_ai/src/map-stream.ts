import type { ChatChunk, UpstreamEvent } from '@switchyard/core';
import { mapAnthropicStream } from '@switchyard/provider-anthropic';
import { mapGeminiStream } from '@switchyard/provider-gemini';
import type { VertexResponseOptions } from './map-response.js';

/*
 * A Vertex AI stream → chat.completion.chunk objects. streamGenerateContent?alt=sse sends the Gemini API's events and
 * streamRawPredict Anthropic's (message_start … message_stop, `error` events included), so each publisher's stream
 * goes to its provider's mapper, which also throws stream_interrupted when the stream ends before its last event.
 */

const providerId = 'vertex_ai';

export interface VertexStreamOptions extends VertexResponseOptions {
  /** stream_options.include_usage: end with a `choices: []` chunk carrying usage. */
  readonly includeUsage: boolean;
}

export function mapVertexStream(events: AsyncIterable<UpstreamEvent>, options: VertexStreamOptions): AsyncIterable<ChatChunk> {
  const shared = { provider: providerId, model: options.model, created: options.created, includeUsage: options.includeUsage };
  return options.publisher === 'anthropic' ? mapAnthropicStream(events, shared) : mapGeminiStream(events, shared);
}
