import { randomUUID } from 'node:crypto';
import { UpstreamError, type ChatResponse, type ToolCall } from '@switchyard/core';
import { mapAnthropicStreamError } from './map-error.js';
import { anthropicFinishDetail, mapAnthropicFinishReason } from './map-finish-reason.js';
import { mapAnthropicUsage } from './map-usage.js';
import type { AnthropicMessageResponse } from './wire-types.js';

/*
 * Anthropic Message → OpenAI chat.completion. Text blocks join into `content`; tool_use blocks become tool_calls
 * (input serialised back to a JSON string); thinking becomes `reasoning_content` and, with signatures and redacted
 * blocks kept whole, `thinking_blocks` for the client to send back next turn. Blocks of server-side tools (web search,
 * code execution) and context management have no OpenAI home and are not returned: this gateway never asks for them.
 * @see https://docs.anthropic.com/en/api/messages#response-content
 */

export interface AnthropicResponseOptions {
  /** Prefixes error messages ('anthropic', 'vertex_ai'). */
  provider: string;
  /** The model id to report when the answer names none (the deployment's). */
  model: string;
  /** Unix seconds for `created`; Anthropic sends no timestamp, so the caller's clock decides. Now by default. */
  created?: number;
}

export type AnthropicThinkingBlockOut = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };

/** Maps a 2xx Messages answer. An answer of type `error` is thrown as the error it reports. Stable: Vertex AI reuses it. */
export function mapAnthropicResponse(body: unknown, options: AnthropicResponseOptions): ChatResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UpstreamError({ provider: options.provider, code: 'upstream_invalid_response', message: `${options.provider} answered with JSON that is not an object`, retryable: true });
  }
  const message = body as AnthropicMessageResponse;
  if (message.type === 'error') throw mapAnthropicStreamError(options.provider, JSON.stringify(body));

  let text: string | null = null;
  let reasoning: string | undefined;
  const toolCalls: ToolCall[] = [];
  const thinkingBlocks: AnthropicThinkingBlockOut[] = [];
  for (const block of message.content ?? []) {
    switch (block.type) {
      case 'text':
        text = (text ?? '') + (block.text ?? '');
        break;
      case 'tool_use':
        toolCalls.push({ id: block.id ?? '', type: 'function', function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) } });
        break;
      case 'thinking':
        reasoning = (reasoning ?? '') + (block.thinking ?? '');
        thinkingBlocks.push({ type: 'thinking', thinking: block.thinking ?? '', signature: block.signature ?? '' });
        break;
      case 'redacted_thinking':
        thinkingBlocks.push({ type: 'redacted_thinking', data: block.data ?? '' });
        break;
    }
  }

  const detail = anthropicFinishDetail(message.stop_reason);
  const usage = mapAnthropicUsage(message.usage);
  return {
    id: message.id ?? `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: options.created ?? Math.floor(Date.now() / 1000),
    model: message.model ?? options.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text,
          // OpenAI's schema requires both fields; Claude's refusals come back as stop_reason 'refusal' instead.
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...(reasoning !== undefined ? { reasoning_content: reasoning } : {}),
          ...(thinkingBlocks.length > 0 ? { thinking_blocks: thinkingBlocks } : {}),
        },
        logprobs: null,
        finish_reason: mapAnthropicFinishReason(message.stop_reason),
        ...(detail === undefined ? {} : { provider_finish_reason: detail }),
      },
    ],
    ...(usage === undefined ? {} : { usage }),
  };
}
