import { randomUUID } from 'node:crypto';
import { upstreamError, UpstreamError, type ChatChunk, type ChatChunkChoice, type ToolCallDelta, type Usage, type UpstreamEvent } from '@switchyard/core';
import { splitMistralContent } from './map-content.js';
import { isMistralErrorPayload, mapMistralErrorPayload } from './map-error.js';
import { mapMistralFinishReason } from './map-finish-reason.js';
import { generationFailed } from './map-response.js';
import { mapMistralUsage } from './map-usage.js';
import type { MistralChatChunk, MistralStreamChoice, MistralToolCall } from './wire-types.js';

/*
 * Mistral streams OpenAI-like `data:` events ending with `data: [DONE]`. What differs, and is mapped here:
 * - delta.content may be an array of chunks: thinking → delta.reasoning_content, text → delta.content;
 * - empty deltas (`content: ""`, an empty thinking list closing the reasoning) carry nothing and are not sent;
 * - a tool call usually arrives whole in one delta (id, name and all arguments). It is sent as OpenAI sends one: a
 *   first delta with id, type, name and empty arguments, then the arguments. Later deltas without an id continue the
 *   call with the same Mistral `index`. `index` counts the choice's tool calls from 0;
 * - the finish reason goes out in a chunk of its own with an empty delta; finish_reason "error" ends the stream with
 *   an upstream error;
 * - Mistral always puts usage on its last event. It goes to the client only when stream_options.include_usage is
 *   true, as OpenAI's last chunk: `choices: []` and `usage`;
 * - an `{"object":"error",…}` event ends the stream with that error; a stream that closes before `[DONE]` ends with
 *   stream_interrupted.
 * Every chunk takes the id, created and model of Mistral's first event.
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post (CompletionChunk)
 */

const provider = 'mistral';

interface ChunkHead { id: string; created: number; model: string }

interface ChoiceState {
  roleSent: boolean;
  /** Mistral's tool call index → ours, for deltas that continue a call. */
  toolIndexes: Map<number, number>;
  lastToolIndex: number;
}

export async function* mapMistralStream(events: AsyncIterable<UpstreamEvent>, includeUsage: boolean, deploymentModel: string, apiKey?: string): AsyncGenerator<ChatChunk> {
  let head: ChunkHead | undefined;
  const choices = new Map<number, ChoiceState>();
  let usage: Usage | undefined;
  let done = false;
  for await (const event of events) {
    // Read on to the body's end rather than return: leaving it early makes Node destroy it with an AbortError.
    if (done) continue;
    if (event.data === '[DONE]') {
      done = true;
      continue;
    }
    const chunk = parseEvent(event.data, apiKey);
    head ??= { id: chunk.id ?? `chatcmpl-${randomUUID()}`, created: chunk.created ?? Math.floor(Date.now() / 1000), model: chunk.model ?? deploymentModel };
    for (const choice of chunk.choices ?? []) {
      let state = choices.get(choice.index);
      if (state === undefined) {
        state = { roleSent: false, toolIndexes: new Map(), lastToolIndex: -1 };
        choices.set(choice.index, state);
      }
      for (const mapped of mapChoice(choice, state)) yield chunkOf(head, [mapped]);
    }
    usage = mapMistralUsage(chunk.usage) ?? usage;
  }
  if (!done) throw upstreamError('InternalServerError', { provider, code: 'stream_interrupted', message: 'mistral: the stream ended before [DONE]' });
  if (includeUsage && usage !== undefined && head !== undefined) {
    yield { ...chunkOf(head, []), usage };
  }
}

function chunkOf(head: ChunkHead, choices: ChatChunkChoice[]): ChatChunk {
  return { id: head.id, object: 'chat.completion.chunk', created: head.created, model: head.model, choices };
}

function mapChoice(choice: MistralStreamChoice, state: ChoiceState): ChatChunkChoice[] {
  const deltas: Array<ChatChunkChoice['delta']> = [];
  const { text, reasoning } = splitMistralContent(choice.delta?.content);
  if (text !== undefined || reasoning !== undefined) {
    const delta: ChatChunkChoice['delta'] = {};
    if (text !== undefined) delta.content = text;
    if (reasoning !== undefined) delta.reasoning_content = reasoning;
    deltas.push(delta);
  }
  for (const call of choice.delta?.tool_calls ?? []) deltas.push(...mapToolCallDelta(call, state));
  // The first delta of a choice carries the role: with content '' as OpenAI opens a text answer, or null ahead of a
  // tool call. A first event with nothing in it (Mistral opens with `content: ""`) still sends the role.
  if (!state.roleSent) {
    if (deltas.length === 0) deltas.push({});
    const first = deltas[0];
    deltas[0] = { role: 'assistant', content: first.content ?? (first.tool_calls === undefined ? '' : null), ...first };
    state.roleSent = true;
  }
  const out: ChatChunkChoice[] = deltas.map((delta) => ({ index: choice.index, delta, finish_reason: null }));
  if (choice.finish_reason === 'error') throw generationFailed();
  if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
    const { finishReason, providerFinishReason } = mapMistralFinishReason(choice.finish_reason);
    const finish: ChatChunkChoice = { index: choice.index, delta: {}, finish_reason: finishReason };
    if (providerFinishReason !== undefined) finish.provider_finish_reason = providerFinishReason;
    out.push(finish);
  }
  return out;
}

function mapToolCallDelta(call: MistralToolCall, state: ChoiceState): Array<ChatChunkChoice['delta']> {
  const args = typeof call.function.arguments === 'string' ? call.function.arguments : call.function.arguments === undefined ? '' : JSON.stringify(call.function.arguments);
  const mistralIndex = call.index ?? 0;
  const deltas: Array<ChatChunkChoice['delta']> = [];
  let index = call.id === undefined ? (state.toolIndexes.get(mistralIndex) ?? (state.lastToolIndex >= 0 ? state.lastToolIndex : undefined)) : undefined;
  if (index === undefined) {
    index = state.lastToolIndex + 1;
    state.lastToolIndex = index;
    state.toolIndexes.set(mistralIndex, index);
    const opening: ToolCallDelta = { index, id: call.id ?? '', type: 'function', function: { name: call.function.name ?? '', arguments: '' } };
    deltas.push({ tool_calls: [opening] });
  }
  if (args !== '') deltas.push({ tool_calls: [{ index, function: { arguments: args } }] });
  return deltas;
}

function parseEvent(data: string, apiKey: string | undefined): MistralChatChunk {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: 'mistral sent a stream event that is not JSON', cause: error, retryable: true });
  }
  if (isMistralErrorPayload(parsed)) throw mapMistralErrorPayload(parsed, data, apiKey);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: 'mistral sent a stream event that is not a JSON object', retryable: true });
  }
  return parsed as MistralChatChunk;
}
