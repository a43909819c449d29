import { UpstreamError, upstreamError, type ChatChunk, type ChatChunkChoice, type UpstreamEvent } from '@switchyard/core';
import { mapCohereErrorEvent } from './map-error.js';
import { cohereFinishError, mapCohereFinishReason } from './map-finish-reason.js';
import { mapCohereUsage } from './map-usage.js';
import type { CohereStreamEvent } from './wire-types.js';

/*
 * The v2 chat stream → chat.completion.chunk objects. Cohere sends one SSE event per step, named by `type` (also the
 * SSE `event:` line), and ends the body with `data: [DONE]`:
 *
 *   message-start        → the first chunk, delta {role: 'assistant', content: ''} (the id is Cohere's)
 *   content-delta        → delta.content for text, delta.reasoning_content for a reasoning model's thinking
 *   tool-plan-delta      → delta.reasoning_content (the plan a tool-calling turn writes before its calls)
 *   tool-call-start      → delta.tool_calls [{index, id, type, function: {name, arguments}}]
 *   tool-call-delta      → delta.tool_calls [{index, function: {arguments}}]
 *   citation-start       → delta.citations [citation] (Cohere's shape, as message.citations in a full answer)
 *   message-end          → a chunk with finish_reason; then, for stream_options.include_usage, a usage chunk
 *   content-start/-end, tool-call-end, citation-end, debug → nothing (they mark boundaries only)
 *
 * Tool call indexes count the turn's tool calls from 0, whatever index Cohere's events carry. A message-end whose
 * finish_reason is ERROR or TIMEOUT, or an event that is an error report, is thrown; core turns it into the stream's
 * final error event. A body that ends before message-end was cut short and throws stream_interrupted.
 * @see https://docs.cohere.com/docs/streaming
 * @see https://docs.cohere.com/reference/chat-stream
 */

export interface CohereStreamOptions {
  readonly model: string;
  /** Unix seconds, the same on every chunk. */
  readonly created: number;
  /** Used only if message-start carries no id. */
  readonly fallbackId: string;
  readonly includeUsage: boolean;
  /** The deployment's key, masked in an error event should Cohere echo it. */
  readonly apiKey?: string;
}

export async function* mapCohereStream(events: AsyncIterable<UpstreamEvent>, options: CohereStreamOptions): AsyncGenerator<ChatChunk> {
  let id = options.fallbackId;
  let started = false;
  let ended = false;
  const toolIndexes = new Map<number, number>();
  let lastToolIndex = -1;
  const chunk = (choices: ChatChunkChoice[]): ChatChunk => ({ id, object: 'chat.completion.chunk', created: options.created, model: options.model, choices });
  const delta = (value: ChatChunkChoice['delta']): ChatChunk => chunk([{ index: 0, delta: value, finish_reason: null }]);

  for await (const event of events) {
    // Read on to the body's end rather than return: leaving the upstream body early makes Node destroy it.
    if (ended || event.data === '[DONE]') continue;
    const data = parseEvent(event.data);
    const type = data.type ?? event.event;
    if (type === undefined) {
      if (typeof data.message === 'string') throw mapCohereErrorEvent(data.message, options.apiKey);
      continue;
    }
    if (!knownEventTypes.has(type)) continue;
    if (!started && type !== 'message-start') {
      throw new UpstreamError({ provider: 'cohere', upstreamStatus: 200, code: 'upstream_invalid_response', message: `cohere: the stream began with ${type}, not message-start`, retryable: true });
    }
    const message = data.delta?.message;
    switch (type) {
      case 'message-start':
        if (typeof data.id === 'string' && data.id !== '') id = data.id;
        started = true;
        yield delta({ role: 'assistant', content: '' });
        break;
      case 'content-start':
      case 'content-delta': {
        // content-start carries the block's opening text, empty in every recording; it is sent when it is not.
        const content = message?.content;
        if (typeof content?.text === 'string' && content.text !== '') yield delta({ content: content.text });
        if (typeof content?.thinking === 'string' && content.thinking !== '') yield delta({ reasoning_content: content.thinking });
        break;
      }
      case 'tool-plan-delta':
        if (typeof message?.tool_plan === 'string' && message.tool_plan !== '') yield delta({ reasoning_content: message.tool_plan });
        break;
      case 'tool-call-start': {
        const call = message?.tool_calls;
        if (typeof call?.id !== 'string' || typeof call.function?.name !== 'string') {
          throw new UpstreamError({ provider: 'cohere', upstreamStatus: 200, code: 'upstream_invalid_response', message: 'cohere: tool-call-start without an id or name', retryable: true });
        }
        const index = ++lastToolIndex;
        toolIndexes.set(data.index ?? index, index);
        yield delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments ?? '' } }] });
        break;
      }
      case 'tool-call-delta': {
        const argumentsDelta = message?.tool_calls?.function?.arguments;
        if (typeof argumentsDelta !== 'string' || argumentsDelta === '') break;
        const index = data.index === undefined ? lastToolIndex : toolIndexes.get(data.index);
        if (index === undefined || index < 0) {
          throw new UpstreamError({ provider: 'cohere', upstreamStatus: 200, code: 'upstream_invalid_response', message: `cohere: tool-call-delta for a tool call that never started (index ${data.index})`, retryable: true });
        }
        yield delta({ tool_calls: [{ index, function: { arguments: argumentsDelta } }] });
        break;
      }
      case 'citation-start':
        if (message?.citations !== undefined) yield delta({ citations: [message.citations] });
        break;
      case 'message-end': {
        const failed = cohereFinishError(data.delta?.finish_reason, data.delta?.error);
        if (failed !== undefined) throw failed;
        ended = true;
        yield chunk([{ index: 0, delta: {}, finish_reason: mapCohereFinishReason(data.delta?.finish_reason) }]);
        const usage = mapCohereUsage(data.delta?.usage);
        if (options.includeUsage && usage !== undefined) yield { ...chunk([]), usage };
        break;
      }
    }
  }
  if (!ended) throw upstreamError('InternalServerError', { provider: 'cohere', upstreamStatus: 200, code: 'stream_interrupted', message: 'cohere: the stream ended before message-end' });
}

// Events this mapper acts on or must see in order; any other type (debug, or one Cohere adds later) is passed over.
const knownEventTypes: ReadonlySet<string> = new Set([
  'message-start',
  'content-start',
  'content-delta',
  'content-end',
  'tool-plan-delta',
  'tool-call-start',
  'tool-call-delta',
  'tool-call-end',
  'citation-start',
  'citation-end',
  'message-end',
]);

function parseEvent(text: string): CohereStreamEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UpstreamError({ provider: 'cohere', upstreamStatus: 200, code: 'upstream_invalid_response', message: 'cohere sent a stream event that is not JSON', cause: error, retryable: true });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UpstreamError({ provider: 'cohere', upstreamStatus: 200, code: 'upstream_invalid_response', message: 'cohere sent a stream event that is not a JSON object', retryable: true });
  }
  return parsed as CohereStreamEvent;
}
