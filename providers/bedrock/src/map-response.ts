import { UpstreamError, type ChatResponse, type ToolCall } from '@switchyard/core';
import { bedrockProviderFinishReason, mapBedrockFinishReason } from './map-finish-reason.js';
import { mapBedrockUsage } from './map-usage.js';
import type { ConverseOutputBlock, ConverseResponseBody } from './wire-types.js';

/*
 * A Converse answer → chat.completion. Text blocks join into `content`; reasoning blocks give `reasoning_content`
 * and `thinking_blocks` (signatures and redacted blocks kept, so a later turn can send them back); toolUse blocks
 * become tool_calls with their ids. Converse sends no completion id, created time or model name: the provider
 * passes in an id built from the x-amzn-requestid header, the time it received the answer and the model it called.
 * Bedrock returns no log probabilities and cannot refuse, so `logprobs` and `refusal` are null.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 */

export interface BedrockAnswerMeta {
  readonly id: string;
  readonly created: number;
  readonly model: string;
}

export type ThinkingBlock = { type: 'thinking'; thinking: string; signature?: string } | { type: 'redacted_thinking'; data: string };

export function mapBedrockResponse(body: ConverseResponseBody, meta: BedrockAnswerMeta): ChatResponse {
  const blocks = body.output?.message?.content;
  if (!Array.isArray(blocks)) {
    throw new UpstreamError({ provider: 'bedrock', code: 'upstream_invalid_response', message: 'bedrock answered without output.message.content', retryable: true });
  }
  const message = mapOutputBlocks(blocks);
  const response: ChatResponse = {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: mapBedrockFinishReason(body.stopReason), ...bedrockProviderFinishReason(body.stopReason) }],
  };
  const usage = mapBedrockUsage(body.usage);
  if (usage !== undefined) response.usage = usage;
  return response;
}

function mapOutputBlocks(blocks: ConverseOutputBlock[]): ChatResponse['choices'][number]['message'] {
  let text: string | undefined;
  let reasoning: string | undefined;
  const thinkingBlocks: ThinkingBlock[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of blocks) {
    if (typeof block.text === 'string') {
      text = (text ?? '') + block.text;
    } else if (block.toolUse !== undefined) {
      toolCalls.push({ id: block.toolUse.toolUseId ?? '', type: 'function', function: { name: block.toolUse.name ?? '', arguments: JSON.stringify(block.toolUse.input ?? {}) } });
    } else if (block.reasoningContent?.reasoningText !== undefined) {
      const { text: thinking = '', signature } = block.reasoningContent.reasoningText;
      reasoning = (reasoning ?? '') + thinking;
      thinkingBlocks.push(signature === undefined ? { type: 'thinking', thinking } : { type: 'thinking', thinking, signature });
    } else if (typeof block.reasoningContent?.redactedContent === 'string') {
      thinkingBlocks.push({ type: 'redacted_thinking', data: block.reasoningContent.redactedContent });
    }
    // Citations, images and other blocks have no place in a chat.completion message.
  }
  // OpenAI's schema requires refusal; Converse has no refusal channel, so its true value is null.
  const message: ChatResponse['choices'][number]['message'] = { role: 'assistant', content: text ?? null, refusal: null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  if (thinkingBlocks.length > 0) message.thinking_blocks = thinkingBlocks;
  return message;
}
