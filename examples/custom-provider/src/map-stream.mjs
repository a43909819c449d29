// @ts-check
// The echo API reference this follows is the comment at the top of echo-upstream.mjs.
import { UpstreamError } from '@switchyard/core';
import { mapEchoFinishReason } from './map-finish-reason.mjs';
import { mapEchoCreatedAt } from './map-response.mjs';
import { mapEchoUsage } from './map-usage.mjs';

/**
 * Turns the echo upstream's decoded SSE events into OpenAI chat chunks. Core has already cut the bytes into events;
 * this only reads `event` and `data`.
 * @param {AsyncIterable<import('@switchyard/core').UpstreamEvent>} events
 * @param {{ includeUsage: boolean }} options `stream_options.include_usage`: OpenAI sends a usage chunk only when asked
 * @returns {AsyncGenerator<import('@switchyard/core').ChatChunk>}
 */
export async function* mapEchoStream(events, options) {
  /** @type {{ id: string, object: 'chat.completion.chunk', created: number, model: string } | undefined} */
  let base;
  for await (const event of events) {
    const data = parseData(event);
    switch (event.event) {
      case 'start':
        base = { id: data.echo_id, object: 'chat.completion.chunk', created: mapEchoCreatedAt(data.created_at), model: data.model };
        yield { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
        break;
      case 'token':
        yield { ...requireStart(base), choices: [{ index: 0, delta: { content: data.text }, finish_reason: null }] };
        break;
      case 'end': {
        const started = requireStart(base);
        yield { ...started, choices: [{ index: 0, delta: {}, finish_reason: mapEchoFinishReason(data.stop) }] };
        const usage = mapEchoUsage(data.tokens);
        if (options.includeUsage && usage !== undefined) yield { ...started, choices: [], usage };
        return;
      }
      default:
        // Event types added to the upstream later carry nothing this mapping knows how to show; skip them.
        break;
    }
  }
  // The connection closed cleanly but without `end`: a client must not mistake a cut answer for a whole one.
  throw new UpstreamError({ provider: 'echo', code: 'stream_interrupted', message: 'echo: the stream ended before its end event', retryable: true });
}

/** @param {import('@switchyard/core').UpstreamEvent} event */
function parseData(event) {
  try {
    return JSON.parse(event.data);
  } catch (error) {
    throw new UpstreamError({ provider: 'echo', code: 'upstream_invalid_response', message: `echo: a ${event.event ?? 'message'} event is not JSON`, retryable: true, cause: error });
  }
}

/**
 * @template T
 * @param {T | undefined} base
 * @returns {T}
 */
function requireStart(base) {
  if (base === undefined) throw new UpstreamError({ provider: 'echo', code: 'upstream_invalid_response', message: 'echo: the stream did not begin with a start event', retryable: true });
  return base;
}
