import { UpstreamError, type ChatChoice, type ChatResponse, type ToolCall } from '@switchyard/core';
import { mapOllamaFinishReason } from './map-finish-reason.js';
import { mapOllamaToolCall, type ToolCallIdSource } from './map-tool-calls.js';
import { mapOllamaUsage } from './map-usage.js';
import type { OllamaChatResponse } from './wire-types.js';

/*
 * An /api/chat answer (stream: false) → chat.completion. Ollama has no completion id, so the provider makes one;
 * `created` is Ollama's created_at in Unix seconds; `model` is the model Ollama names; the thinking trace becomes
 * reasoning_content. Ollama cannot refuse or give logprobs here, so `refusal` and `logprobs` are null, as OpenAI
 * writes them.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#chat-request-no-streaming
 */

/** What the provider supplies because Ollama does not: an id, the time as a fallback, and ids for tool calls. */
export interface OllamaAnswerContext {
  readonly id: string;
  /** Unix seconds, used only when Ollama's created_at is missing or unreadable. */
  readonly now: number;
  readonly newToolCallId: ToolCallIdSource;
  /** The deployment's model id, used only when Ollama names none. */
  readonly model: string;
}

export function mapOllamaResponse(body: unknown, context: OllamaAnswerContext): ChatResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UpstreamError({ provider: 'ollama', code: 'upstream_invalid_response', message: 'ollama answered with JSON that is not an object', retryable: true });
  }
  const answer = body as OllamaChatResponse;
  const message = answer.message ?? {};
  const toolCalls: ToolCall[] = (message.tool_calls ?? []).map((call) => mapOllamaToolCall(call, context.newToolCallId));
  const text = message.content ?? '';
  const choice: ChatChoice = {
    index: 0,
    message: {
      role: 'assistant',
      content: text === '' && toolCalls.length > 0 ? null : text,
      refusal: null,
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
      ...(message.thinking ? { reasoning_content: message.thinking } : {}),
    },
    logprobs: null,
    finish_reason: mapOllamaFinishReason(answer.done_reason, toolCalls.length > 0),
  };
  if (choice.finish_reason === null && answer.done_reason) choice.provider_finish_reason = answer.done_reason;
  const usage = mapOllamaUsage(answer);
  return {
    id: context.id,
    object: 'chat.completion',
    created: mapOllamaCreatedAt(answer.created_at, context.now),
    model: typeof answer.model === 'string' && answer.model !== '' ? answer.model : context.model,
    choices: [choice],
    ...(usage ? { usage } : {}),
  };
}

/** Ollama's RFC 3339 created_at (nanosecond precision, any offset) in Unix seconds. */
export function mapOllamaCreatedAt(createdAt: string | undefined, fallback: number): number {
  const millis = createdAt === undefined ? Number.NaN : Date.parse(createdAt);
  return Number.isNaN(millis) ? fallback : Math.floor(millis / 1000);
}
