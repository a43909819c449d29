import { GatewayError, UnsupportedParameterError, type AssistantMessage, type ChatMessage } from '@switchyard/core';
import { mapTextContent, mapUserContent, textBlock, withCacheControl } from './map-content.js';
import { mapToolCall } from './map-tools.js';
import type { AnthropicMessage, AnthropicRequestBlock, AnthropicTextBlock } from './wire-types.js';

/*
 * OpenAI's message list → Anthropic's `system` plus alternating user/assistant turns.
 * - system and developer messages, wherever they stand, become `system` text blocks in order.
 * - tool results are user turns (tool_result blocks), so they merge with the user text around them, and several
 *   results of one parallel call become one turn, as Anthropic requires.
 * - an assistant's thinking_blocks go first (Anthropic checks their signatures), then its text, then its tool calls.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks
 */

export interface MappedAnthropicMessages {
  system: AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

export function mapAnthropicMessages(messages: readonly ChatMessage[], provider: string): MappedAnthropicMessages {
  const system: AnthropicTextBlock[] = [];
  const turns: AnthropicMessage[] = [];
  messages.forEach((message, index) => {
    const path = `messages[${index}]`;
    if ((message as { name?: unknown }).name !== undefined && message.role !== 'function') {
      // Claude has no speaker names; folding one into the text would change the prompt.
      throw new UnsupportedParameterError(`${path}.name`, provider);
    }
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...onLastBlock(mapTextContent(message.content, `${path}.content`, provider), message));
        return;
      case 'user':
        push(turns, 'user', onLastBlock(mapUserContent(message.content, `${path}.content`, provider), message));
        return;
      case 'tool': {
        const content = typeof message.content === 'string' ? message.content : mapTextContent(message.content, `${path}.content`, provider);
        push(turns, 'user', [withCacheControl({ type: 'tool_result', tool_use_id: message.tool_call_id, content }, message)]);
        return;
      }
      case 'assistant':
        push(turns, 'assistant', onLastBlock(assistantBlocks(message, path, provider), message));
        return;
      default:
        // The deprecated `function` role predates tool call ids, which Anthropic's tool_result needs.
        throw new UnsupportedParameterError(`${path}.role`, provider);
    }
  });
  return { system, messages: turns };
}

function assistantBlocks(message: AssistantMessage, path: string, provider: string): AnthropicRequestBlock[] {
  const blocks: AnthropicRequestBlock[] = [...thinkingBlocks((message as { thinking_blocks?: unknown }).thinking_blocks, `${path}.thinking_blocks`)];
  const content = message.content;
  if (typeof content === 'string') {
    // OpenAI clients send '' beside tool calls; Anthropic refuses an empty text block.
    if (content !== '') blocks.push({ type: 'text', text: content });
  } else if (Array.isArray(content)) {
    content.forEach((part, index) => {
      if (part.type !== 'text') throw new UnsupportedParameterError(`${path}.content[${index}].type`, provider);
      blocks.push(textBlock(part.text, part));
    });
  }
  (message.tool_calls ?? []).forEach((call, index) => blocks.push(mapToolCall(call, `${path}.tool_calls[${index}]`, provider)));
  if (blocks.length === 0) {
    throw new GatewayError({ code: 'invalid_request', param: `${path}.content`, message: `${provider}: an assistant message needs content, tool_calls or thinking_blocks` });
  }
  return blocks;
}

/** thinking_blocks as this gateway returned them, sent back unchanged so their signatures verify. */
function thinkingBlocks(value: unknown, path: string): AnthropicRequestBlock[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new GatewayError({ code: 'invalid_request', param: path, message: `${path} must be a list` });
  return value.map((block: unknown, index) => {
    const { type, thinking, signature, data } = (typeof block === 'object' && block !== null ? block : {}) as Record<string, unknown>;
    if (type === 'thinking' && typeof thinking === 'string' && typeof signature === 'string') return { type, thinking, signature };
    if (type === 'redacted_thinking' && typeof data === 'string') return { type, data };
    throw new GatewayError({
      code: 'invalid_request',
      param: `${path}[${index}]`,
      message: `${path}[${index}] must be {type: 'thinking', thinking, signature} or {type: 'redacted_thinking', data}`,
    });
  });
}

/** A `cache_control` on the message itself (LiteLLM's shorthand) marks its last block, where Anthropic's breakpoint goes. */
function onLastBlock<T extends AnthropicRequestBlock>(blocks: T[], message: object): T[] {
  if (blocks.length === 0 || (message as { cache_control?: unknown }).cache_control === undefined) return blocks;
  return [...blocks.slice(0, -1), withCacheControl(blocks[blocks.length - 1]!, message)];
}

function push(turns: AnthropicMessage[], role: AnthropicMessage['role'], blocks: AnthropicRequestBlock[]): void {
  const last = turns[turns.length - 1];
  if (last !== undefined && last.role === role) last.content.push(...blocks);
  else turns.push({ role, content: blocks });
}
