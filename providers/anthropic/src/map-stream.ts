import { randomUUID } from 'node:crypto';
import { UpstreamError, upstreamError, type ChatChunk, type ChatChunkChoice, type UpstreamEvent, type Usage } from '@switchyard/core';
import { mapAnthropicStreamError } from './map-error.js';
import { anthropicFinishDetail, mapAnthropicFinishReason } from './map-finish-reason.js';
import type { AnthropicThinkingBlockOut } from './map-response.js';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-usage.js';
import type { AnthropicUsage } from './wire-types.js';

/*
 * Anthropic's SSE events → chat.completion.chunk objects, in order:
 *   message_start        → the role chunk (id and model come from it; so do the input token counts)
 *   content_block_start  → text: its text if any; tool_use: the tool call's id and name (index counts tool calls
 *                          from 0, not Anthropic's block index); redacted_thinking: the whole block in thinking_blocks
 *   content_block_delta  → text_delta: content; thinking_delta: reasoning_content; input_json_delta: arguments;
 *                          signature_delta: kept until the block stops
 *   content_block_stop   → thinking: the whole block, signature included, in thinking_blocks (once, at its end)
 *   message_delta        → stop_reason and the final token counts (kept until message_stop)
 *   message_stop         → the finish_reason chunk, then the usage chunk if the client asked for it
 *   ping                 → nothing;  error → thrown as the error it reports
 * A stream that ends before message_stop was cut: that is thrown as stream_interrupted.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */

export interface AnthropicStreamOptions {
  /** Prefixes error messages and names the provider in errors ('anthropic', 'vertex_ai'). */
  provider: string;
  /** The model id to report until (or unless) message_start names one. */
  model: string;
  /** Whether to end with a `choices: []` chunk carrying usage (the request's stream_options.include_usage). */
  includeUsage: boolean;
  /** Unix seconds for every chunk's `created`; now by default. */
  created?: number;
}

type Block =
  | { kind: 'text' }
  | { kind: 'tool'; index: number }
  | { kind: 'thinking'; thinking: string; signature: string }
  | { kind: 'other' };

type Delta = ChatChunkChoice['delta'];

/** Yields the chunks of an Anthropic (or Vertex AI Claude) Messages stream. Stable: Vertex AI reuses it. */
export async function* mapAnthropicStream(events: AsyncIterable<UpstreamEvent>, options: AnthropicStreamOptions): AsyncGenerator<ChatChunk> {
  const created = options.created ?? Math.floor(Date.now() / 1000);
  let id: string | undefined;
  let model = options.model;
  let started = false;
  let done = false;
  let toolCount = 0;
  let stopReason: string | null | undefined;
  let usage: AnthropicUsage | undefined;
  const blocks = new Map<number, Block>();

  const chunk = (delta: Delta, finishReason: ChatChunkChoice['finish_reason'] = null, extra: Record<string, unknown> = {}): ChatChunk => ({
    id: (id ??= `chatcmpl-${randomUUID()}`),
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason, ...extra }],
  });

  for await (const event of events) {
    // Read on to the body's end rather than return: leaving it early makes Node destroy it with an AbortError.
    if (done) continue;
    if (event.event === 'ping') continue;
    const data = parse(event.data, options.provider);
    // Vertex AI and some proxies drop the `event:` line; every Anthropic payload names its type too.
    const type = event.event ?? data.type;
    if (type === 'error') throw mapAnthropicStreamError(options.provider, event.data);

    switch (type) {
      case 'message_start': {
        // Some proxies repeat message_start; the first one opened the message.
        if (started) break;
        started = true;
        const message = (data.message ?? {}) as { id?: string; model?: string; usage?: AnthropicUsage };
        if (typeof message.id === 'string') id = message.id;
        if (typeof message.model === 'string') model = message.model;
        usage = message.usage;
        yield chunk({ role: 'assistant', content: '' });
        break;
      }
      case 'content_block_start': {
        const index = data.index as number;
        const block = (data.content_block ?? {}) as Record<string, unknown>;
        switch (block.type) {
          case 'text':
            blocks.set(index, { kind: 'text' });
            if (typeof block.text === 'string' && block.text !== '') yield chunk({ content: block.text });
            break;
          case 'tool_use': {
            const toolIndex = toolCount++;
            blocks.set(index, { kind: 'tool', index: toolIndex });
            yield chunk({ tool_calls: [{ index: toolIndex, id: block.id as string, type: 'function', function: { name: block.name as string, arguments: '' } }] });
            // Anthropic starts input at {} and streams it; a block that arrives with its input already filled carries it here.
            if (typeof block.input === 'object' && block.input !== null && Object.keys(block.input).length > 0) {
              yield chunk({ tool_calls: [{ index: toolIndex, function: { arguments: JSON.stringify(block.input) } }] });
            }
            break;
          }
          case 'thinking':
            blocks.set(index, { kind: 'thinking', thinking: (block.thinking as string | undefined) ?? '', signature: (block.signature as string | undefined) ?? '' });
            if (typeof block.thinking === 'string' && block.thinking !== '') yield chunk({ reasoning_content: block.thinking });
            break;
          case 'redacted_thinking':
            blocks.set(index, { kind: 'other' });
            yield chunk({ thinking_blocks: [{ type: 'redacted_thinking', data: block.data as string } satisfies AnthropicThinkingBlockOut] });
            break;
          default:
            // Server tool blocks and context management: nothing this gateway asked for (see map-response.ts).
            blocks.set(index, { kind: 'other' });
        }
        break;
      }
      case 'content_block_delta': {
        const block = blocks.get(data.index as number);
        const delta = (data.delta ?? {}) as Record<string, unknown>;
        if (block === undefined) break;
        if (delta.type === 'text_delta' && block.kind === 'text' && typeof delta.text === 'string' && delta.text !== '') {
          yield chunk({ content: delta.text });
        } else if (delta.type === 'input_json_delta' && block.kind === 'tool' && typeof delta.partial_json === 'string' && delta.partial_json !== '') {
          yield chunk({ tool_calls: [{ index: block.index, function: { arguments: delta.partial_json } }] });
        } else if (delta.type === 'thinking_delta' && block.kind === 'thinking' && typeof delta.thinking === 'string') {
          block.thinking += delta.thinking;
          if (delta.thinking !== '') yield chunk({ reasoning_content: delta.thinking });
        } else if (delta.type === 'signature_delta' && block.kind === 'thinking' && typeof delta.signature === 'string') {
          block.signature += delta.signature;
        }
        break;
      }
      case 'content_block_stop': {
        const block = blocks.get(data.index as number);
        if (block?.kind === 'thinking') {
          yield chunk({ thinking_blocks: [{ type: 'thinking', thinking: block.thinking, signature: block.signature } satisfies AnthropicThinkingBlockOut] });
        }
        break;
      }
      case 'message_delta': {
        const delta = (data.delta ?? {}) as { stop_reason?: string | null };
        if (delta.stop_reason !== undefined) stopReason = delta.stop_reason;
        usage = mergeAnthropicUsage(usage, data.usage as AnthropicUsage | undefined);
        break;
      }
      case 'message_stop': {
        done = true;
        const detail = anthropicFinishDetail(stopReason);
        yield chunk({}, mapAnthropicFinishReason(stopReason), detail === undefined ? {} : { provider_finish_reason: detail });
        const mapped: Usage | undefined = mapAnthropicUsage(usage);
        if (options.includeUsage && mapped !== undefined) yield { ...chunk({}), choices: [], usage: mapped };
        break;
      }
    }
  }
  if (!done) {
    throw upstreamError('InternalServerError', { provider: options.provider, code: 'stream_interrupted', message: `${options.provider}: the stream ended before message_stop` });
  }
}

function parse(text: string, provider: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (error) {
    throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: `${provider} sent a stream event that is not JSON`, cause: error, retryable: true });
  }
  throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: `${provider} sent a stream event that is not a JSON object`, retryable: true });
}
