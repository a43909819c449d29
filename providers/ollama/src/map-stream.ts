import { UpstreamError, upstreamError, type ChatChunk, type ChatChunkChoice, type UpstreamEvent } from '@switchyard/core';
import { mapOllamaErrorPayload } from './map-error.js';
import { mapOllamaFinishReason } from './map-finish-reason.js';
import { mapOllamaCreatedAt, type OllamaAnswerContext } from './map-response.js';
import { mapOllamaToolCall } from './map-tool-calls.js';
import { mapOllamaUsage } from './map-usage.js';
import type { OllamaChatResponse } from './wire-types.js';

/*
 * /api/chat with stream: true answers newline-delimited JSON (core has split the lines): each line a piece of the
 * assistant message (content, thinking, or whole tool calls), the last with done: true, done_reason and the token
 * counts. Ollama sends each tool call whole, so each becomes one delta carrying its id, name and full arguments,
 * indexed from 0 in the order they came. An {"error": …} line is thrown as its mapped error; a stream that ends
 * before its done line was cut short.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#chat-request-streaming
 * @see https://docs.ollama.com/capabilities/streaming
 * @see https://docs.ollama.com/api/errors#errors-that-occur-while-streaming
 */

export interface OllamaStreamContext extends OllamaAnswerContext {
  /** stream_options.include_usage: add the usage chunk after the finish. */
  readonly includeUsage: boolean;
  /** The deployment's key, masked if an error line echoes it. */
  readonly apiKey?: string;
}

export async function* mapOllamaStream(events: AsyncIterable<UpstreamEvent>, context: OllamaStreamContext): AsyncGenerator<ChatChunk> {
  let head: Pick<ChatChunk, 'id' | 'object' | 'created' | 'model'> | undefined;
  let toolCallCount = 0;
  let done = false;
  const chunk = (choices: ChatChunkChoice[]): ChatChunk => ({ ...head!, choices });
  const delta = (content: ChatChunkChoice['delta']): ChatChunk => chunk([{ index: 0, delta: content, finish_reason: null }]);

  for await (const event of events) {
    // Read on to the body's end rather than return: leaving it early makes Node destroy it with an AbortError.
    if (done) continue;
    const line = parseLine(event.data);
    if (line.error !== undefined && line.error !== null) throw mapOllamaErrorPayload(line, context.apiKey);

    if (head === undefined) {
      const model = typeof line.model === 'string' && line.model !== '' ? line.model : context.model;
      head = { id: context.id, object: 'chat.completion.chunk', created: mapOllamaCreatedAt(line.created_at, context.now), model };
      yield delta({ role: 'assistant', content: '' });
    }

    const message = line.message ?? {};
    const text: ChatChunkChoice['delta'] = {};
    if (message.thinking) text.reasoning_content = message.thinking;
    if (message.content) text.content = message.content;
    if (text.reasoning_content !== undefined || text.content !== undefined) yield delta(text);

    for (const call of message.tool_calls ?? []) {
      const mapped = mapOllamaToolCall(call, context.newToolCallId);
      yield delta({ tool_calls: [{ index: toolCallCount++, id: mapped.id, type: 'function', function: mapped.function }] });
    }

    if (line.done === true) {
      done = true;
      const finish: ChatChunkChoice = { index: 0, delta: {}, finish_reason: mapOllamaFinishReason(line.done_reason, toolCallCount > 0) };
      if (finish.finish_reason === null && line.done_reason) finish.provider_finish_reason = line.done_reason;
      yield chunk([finish]);
      const usage = context.includeUsage ? mapOllamaUsage(line) : undefined;
      if (usage !== undefined) yield { ...chunk([]), usage };
    }
  }
  if (!done) {
    throw upstreamError('InternalServerError', { provider: 'ollama', code: 'stream_interrupted', message: 'ollama: the stream ended before its final (done) line' });
  }
}

function parseLine(data: string): OllamaChatResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    throw new UpstreamError({ provider: 'ollama', code: 'upstream_invalid_response', message: 'ollama sent a stream line that is not JSON', cause: error, retryable: true });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UpstreamError({ provider: 'ollama', code: 'upstream_invalid_response', message: 'ollama sent a stream line that is not a JSON object', retryable: true });
  }
  return parsed as OllamaChatResponse;
}
