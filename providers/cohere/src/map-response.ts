import { UpstreamError, type ChatResponse, type ToolCall } from '@switchyard/core';
import { cohereFinishError, mapCohereFinishReason } from './map-finish-reason.js';
import { mapCohereUsage } from './map-usage.js';
import type { CohereChatResponse } from './wire-types.js';

/*
 * A v2 chat answer → chat.completion. Text parts join into `content` (null when there are none, as for a turn of
 * tool calls only); `thinking` parts and the tool-calling turn's `tool_plan` are the model's reasoning and become
 * `reasoning_content` (thinking first, then the plan, joined without a separator, the order a stream sends them).
 * Tool calls keep Cohere's ids and argument strings as sent (Cohere writes "null" for a call without arguments).
 * Citations (from `documents` or tool results) are kept as `message.citations`, in Cohere's shape. Cohere has no
 * refusals, so `refusal` is null (OpenAI's schema requires the field).
 * Cohere sends no creation time and no model name: `created` is when the gateway received the answer and `model`
 * the deployment's model id.
 * @see https://docs.cohere.com/reference/chat (response)
 * @see https://docs.cohere.com/docs/rag-citations
 */

export interface CohereResponseMeta {
  /** The upstream model id the request named. */
  readonly model: string;
  /** Unix seconds. */
  readonly created: number;
  /** Used only if Cohere's answer has no id. */
  readonly fallbackId: string;
}

export function mapCohereResponse(body: CohereChatResponse, meta: CohereResponseMeta): ChatResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof body.message !== 'object' || body.message === null) {
    throw new UpstreamError({ provider: 'cohere', upstreamStatus: 200, code: 'upstream_invalid_response', message: 'cohere answered /v2/chat without a message', retryable: true });
  }
  const failed = cohereFinishError(body.finish_reason, undefined);
  if (failed !== undefined) throw failed;

  const message = body.message;
  const texts: string[] = [];
  const thoughts: string[] = [];
  for (const part of message.content ?? []) {
    if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
    else if (part.type === 'thinking' && typeof part.thinking === 'string') thoughts.push(part.thinking);
  }
  if (typeof message.tool_plan === 'string' && message.tool_plan !== '') thoughts.push(message.tool_plan);

  const choiceMessage: ChatResponse['choices'][number]['message'] = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null, refusal: null };
  if (thoughts.length > 0) choiceMessage.reasoning_content = thoughts.join('');
  if (message.tool_calls !== undefined && message.tool_calls.length > 0) choiceMessage.tool_calls = message.tool_calls.map(mapToolCall);
  if (message.citations !== undefined && message.citations.length > 0) choiceMessage.citations = message.citations;

  const response: ChatResponse = {
    id: typeof body.id === 'string' && body.id !== '' ? body.id : meta.fallbackId,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message: choiceMessage, logprobs: null, finish_reason: mapCohereFinishReason(body.finish_reason) }],
  };
  const usage = mapCohereUsage(body.usage);
  if (usage !== undefined) response.usage = usage;
  return response;
}

function mapToolCall(call: NonNullable<NonNullable<CohereChatResponse['message']>['tool_calls']>[number]): ToolCall {
  if (typeof call.id !== 'string' || typeof call.function?.name !== 'string') {
    throw new UpstreamError({ provider: 'cohere', upstreamStatus: 200, code: 'upstream_invalid_response', message: 'cohere answered a tool call without an id or name', retryable: true });
  }
  // A call with no argument string at all has no arguments: OpenAI's shape needs a string, and '{}' says exactly that.
  return { id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments ?? '{}' } };
}
