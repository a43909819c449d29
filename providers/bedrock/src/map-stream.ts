import { UpstreamError, type ChatChunk, type ChatChunkChoice, type Usage } from '@switchyard/core';
import type { BedrockStreamMessage } from './decode-event-stream.js';
import { mapBedrockStreamException } from './map-error.js';
import { bedrockProviderFinishReason, mapBedrockFinishReason } from './map-finish-reason.js';
import type { BedrockAnswerMeta, ThinkingBlock } from './map-response.js';
import { mapBedrockUsage } from './map-usage.js';
import type { ConverseTokenUsage } from './wire-types.js';

/*
 * ConverseStream events → chat.completion.chunk. messageStart opens the answer, contentBlockStart announces a tool
 * call, contentBlockDelta carries text, tool input JSON or reasoning, messageStop the stop reason, and metadata the
 * usage (AWS sends it after messageStop, so the usage chunk waits for the end of the stream). Tool calls are
 * numbered from 0 in the order they start, not by Bedrock's content-block index.
 * A reasoning block's signature arrives as its own delta at the block's end; it is handed on as one complete
 * thinking block in `delta.thinking_blocks`, next to the reasoning text already streamed in `reasoning_content`.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html
 */

interface StreamEvent {
  role?: string;
  contentBlockIndex?: number;
  start?: { toolUse?: { toolUseId?: string; name?: string } };
  delta?: {
    text?: string;
    toolUse?: { input?: string };
    reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
  };
  stopReason?: string;
  usage?: ConverseTokenUsage;
}

export interface BedrockStreamOptions extends BedrockAnswerMeta {
  readonly includeUsage: boolean;
}

export async function* mapBedrockStream(messages: AsyncIterable<BedrockStreamMessage>, options: BedrockStreamOptions): AsyncGenerator<ChatChunk> {
  const chunk = (delta: ChatChunkChoice['delta'], finishReason: ChatChunkChoice['finish_reason'] = null, extra: Record<string, unknown> = {}): ChatChunk => ({
    id: options.id,
    object: 'chat.completion.chunk',
    created: options.created,
    model: options.model,
    choices: [{ index: 0, delta, finish_reason: finishReason, ...extra }],
  });
  let started = false;
  let stopped = false;
  let usage: Usage | undefined;
  const toolIndexOfBlock = new Map<number, number>();
  const reasoningOfBlock = new Map<number, string>();

  for await (const message of messages) {
    const messageType = message.headers[':message-type'];
    if (messageType === 'exception') throw mapBedrockStreamException(message.headers[':exception-type'] ?? 'exception', message.payload);
    if (messageType === 'error') throw mapBedrockStreamException(message.headers[':error-code'] ?? 'error', JSON.stringify({ message: message.headers[':error-message'] ?? message.payload }));
    if (messageType !== 'event') continue;
    const event = parse(message.payload);
    const block = event.contentBlockIndex ?? 0;
    // Some streams (and every recorded one of the AI SDK) open with a content event instead of messageStart.
    if (!started) {
      started = true;
      yield chunk({ role: 'assistant', content: '' });
    }
    switch (message.headers[':event-type']) {
      case 'contentBlockStart': {
        const toolUse = event.start?.toolUse;
        if (toolUse === undefined) break;
        const index = toolIndexOfBlock.size;
        toolIndexOfBlock.set(block, index);
        yield chunk({ tool_calls: [{ index, id: toolUse.toolUseId ?? '', type: 'function', function: { name: toolUse.name ?? '', arguments: '' } }] });
        break;
      }
      case 'contentBlockDelta': {
        const delta = event.delta ?? {};
        if (typeof delta.text === 'string' && delta.text !== '') yield chunk({ content: delta.text });
        const input = delta.toolUse?.input;
        const toolIndex = toolIndexOfBlock.get(block);
        if (typeof input === 'string' && input !== '' && toolIndex !== undefined) yield chunk({ tool_calls: [{ index: toolIndex, function: { arguments: input } }] });
        const reasoning = delta.reasoningContent;
        if (typeof reasoning?.text === 'string' && reasoning.text !== '') {
          reasoningOfBlock.set(block, (reasoningOfBlock.get(block) ?? '') + reasoning.text);
          yield chunk({ reasoning_content: reasoning.text });
        }
        if (typeof reasoning?.signature === 'string') {
          const thinking: ThinkingBlock = { type: 'thinking', thinking: reasoningOfBlock.get(block) ?? '', signature: reasoning.signature };
          yield chunk({ thinking_blocks: [thinking] });
        }
        if (typeof reasoning?.redactedContent === 'string') yield chunk({ thinking_blocks: [{ type: 'redacted_thinking', data: reasoning.redactedContent }] });
        break;
      }
      case 'messageStop':
        stopped = true;
        yield chunk({}, mapBedrockFinishReason(event.stopReason), bedrockProviderFinishReason(event.stopReason) ?? {});
        break;
      case 'metadata':
        usage = mapBedrockUsage(event.usage);
        break;
    }
  }
  if (!stopped) {
    throw new UpstreamError({ provider: 'bedrock', code: 'stream_interrupted', message: 'bedrock: the stream ended before messageStop', retryable: true });
  }
  if (options.includeUsage && usage !== undefined) {
    yield { id: options.id, object: 'chat.completion.chunk', created: options.created, model: options.model, choices: [], usage };
  }
}

function parse(payload: string): StreamEvent {
  try {
    return JSON.parse(payload) as StreamEvent;
  } catch (error) {
    throw new UpstreamError({ provider: 'bedrock', code: 'upstream_invalid_response', message: 'bedrock sent a stream event whose payload is not JSON', cause: error, retryable: true });
  }
}
