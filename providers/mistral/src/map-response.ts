import { randomUUID } from 'node:crypto';
import { upstreamError, UpstreamError, type ChatChoice, type ChatResponse, type EmbeddingsResponse, type ToolCall } from '@switchyard/core';
import { splitMistralContent } from './map-content.js';
import { mapMistralFinishReason } from './map-finish-reason.js';
import { mapMistralUsage } from './map-usage.js';
import type { MistralChatResponse, MistralChoice, MistralEmbeddingsResponse, MistralToolCall } from './wire-types.js';

/*
 * Mistral's chat answer → OpenAI's chat.completion. The shape is close to OpenAI's, with these differences handled:
 * content may be an array of text and thinking chunks (map-content.ts); an empty content is null (no text);
 * tool calls carry no `type` and an `index`, and their ids (Mistral's own nine characters) pass unchanged; a
 * `finish_reason: "error"` means generation failed, so the call fails as the upstream's error. OpenAI requires
 * `refusal` and `logprobs`; Mistral has neither, so both are null.
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 * @see https://docs.mistral.ai/api/#tag/embeddings/operation/embeddings_v1_embeddings_post
 */

const provider = 'mistral';

export function mapMistralResponse(body: MistralChatResponse, deploymentModel: string, status = 200): ChatResponse {
  if (typeof body !== 'object' || body === null || !Array.isArray(body.choices)) {
    throw new UpstreamError({ provider, upstreamStatus: status, code: 'upstream_invalid_response', message: 'mistral answered without a choices list', retryable: true });
  }
  const response: ChatResponse = {
    // Mistral always sends both; should one be missing, the convention's stand-ins are used rather than an empty value.
    id: body.id ?? `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: body.created ?? Math.floor(Date.now() / 1000),
    model: body.model ?? deploymentModel,
    choices: body.choices.map((choice) => mapChoice(choice, status)),
  };
  const usage = mapMistralUsage(body.usage);
  if (usage !== undefined) response.usage = usage;
  return response;
}

function mapChoice(choice: MistralChoice, status: number): ChatChoice {
  if (choice.finish_reason === 'error') throw generationFailed(status);
  const { text, reasoning, thinkingBlocks } = splitMistralContent(choice.message?.content);
  const message: ChatChoice['message'] = { role: 'assistant', content: text ?? null, refusal: null };
  const toolCalls = choice.message?.tool_calls;
  if (Array.isArray(toolCalls) && toolCalls.length > 0) message.tool_calls = toolCalls.map(mapMistralToolCall);
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  if (thinkingBlocks.length > 0) message.thinking_blocks = thinkingBlocks;
  const { finishReason, providerFinishReason } = mapMistralFinishReason(choice.finish_reason);
  const out: ChatChoice = { index: choice.index, message, logprobs: null, finish_reason: finishReason };
  if (providerFinishReason !== undefined) out.provider_finish_reason = providerFinishReason;
  return out;
}

/** One tool call, as OpenAI writes it. Mistral may send arguments as an object; OpenAI's are a JSON string. */
export function mapMistralToolCall(call: MistralToolCall): ToolCall {
  const args = call.function.arguments;
  return { id: call.id ?? '', type: 'function', function: { name: call.function.name ?? '', arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) } };
}

/** The error for `finish_reason: "error"`: Mistral stopped generating because it failed. */
export function generationFailed(status?: number): UpstreamError {
  return upstreamError('InternalServerError', { provider, upstreamStatus: status, message: 'mistral: generation failed part way (finish_reason "error")' });
}

export function mapMistralEmbeddingsResponse(body: MistralEmbeddingsResponse, deploymentModel: string, status = 200): EmbeddingsResponse {
  if (typeof body !== 'object' || body === null || !Array.isArray(body.data)) {
    throw new UpstreamError({ provider, upstreamStatus: status, code: 'upstream_invalid_response', message: 'mistral answered embeddings without a data list', retryable: true });
  }
  const response: EmbeddingsResponse = {
    object: 'list',
    data: body.data.map((item) => ({ object: 'embedding', index: item.index, embedding: item.embedding })),
    model: body.model ?? deploymentModel,
  };
  const prompt = body.usage?.prompt_tokens;
  if (typeof prompt === 'number') response.usage = { prompt_tokens: prompt, total_tokens: body.usage?.total_tokens ?? prompt };
  return response;
}
