import type { ChatChunk, UpstreamEvent } from '@switchyard/core';
import { mapOpenAIStream } from '@switchyard/provider-openai';
import { mapAzureErrorPayload } from './map-error.js';
import type { AzureSettings } from './settings.js';

/*
 * Azure streams OpenAI's chunks, with two kinds of its own events that pass through unchanged:
 * - first, the prompt's annotations: {"id":"","object":"","created":0,"model":"","prompt_filter_results":[…],
 *   "choices":[]} (the official openai client yields it as a chunk with no choices, as it does the usage chunk);
 * - with the asynchronous filter, annotation chunks with `content_filter_results` / `content_filter_offsets` and no
 *   delta, and a final one whose finish_reason is "content_filter" when the completion was stopped.
 * Chunks are handed on as their text (rawChunk), so a pass-through stream costs no JSON.parse per chunk.
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-streaming
 */
export function mapAzureStream(events: AsyncIterable<UpstreamEvent>, settings: AzureSettings): AsyncIterableIterator<ChatChunk> {
  return mapOpenAIStream(events, settings.preset.prefix, (payload, text) => mapAzureErrorPayload(settings, payload, text));
}
