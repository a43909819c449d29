import { UpstreamError, upstreamError, type ChatChunk, type ChatChunkChoice, type ToolCallDelta, type Usage, type UpstreamEvent } from '@switchyard/core';
import { mapGeminiStreamError } from './map-error.js';
import { geminiProviderFinishReason, mapGeminiFinishReason } from './map-finish-reason.js';
import { mapGeminiLogprobs } from './map-logprobs.js';
import { readGeminiParts } from './map-parts.js';
import { geminiCreated, throwIfPromptBlocked, type GeminiResponseOptions } from './map-response.js';
import { mapGeminiUsage } from './map-usage.js';
import type { GeminiGenerateContentResponse } from './wire-types.js';

/*
 * streamGenerateContent?alt=sse → chat.completion.chunk. Every SSE event is a whole GenerateContentResponse holding the
 * next piece of each candidate. Text and thoughts arrive as increments; a functionCall arrives whole, so it becomes one
 * tool_calls delta carrying its id, name and full arguments. usageMetadata repeats, growing, on every event; the last
 * one is the total and goes in the usage chunk (only with stream_options.include_usage). The stream is complete once
 * every candidate has sent a finishReason; a body that ends before that was cut off.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 * @see https://ai.google.dev/gemini-api/docs/text-generation#streaming-responses
 */

export interface GeminiStreamOptions extends GeminiResponseOptions {
  /** stream_options.include_usage: send a last chunk with `choices: []` and the usage. */
  readonly includeUsage: boolean;
}

interface CandidateState {
  started: boolean;
  finished: boolean;
  toolCalls: number;
}

export async function* mapGeminiStream(events: AsyncIterable<UpstreamEvent>, options: GeminiStreamOptions): AsyncGenerator<ChatChunk> {
  const { provider } = options;
  let header: { id: string; created: number; model: string } | undefined;
  let usage: Usage | undefined;
  const candidates = new Map<number, CandidateState>();

  for await (const event of events) {
    const answer = parseEvent(event.data, provider);
    if (answer.error !== undefined) throw mapGeminiStreamError(provider, event.data);
    if (header === undefined) {
      throwIfPromptBlocked(answer, provider);
      header = { id: answer.responseId ?? `chatcmpl-${crypto.randomUUID()}`, created: geminiCreated(answer, options.created), model: answer.modelVersion ?? options.model };
    }
    const chunk = (choices: ChatChunkChoice[]): ChatChunk => ({ id: header!.id, object: 'chat.completion.chunk', created: header!.created, model: header!.model, choices });
    usage = mapGeminiUsage(answer.usageMetadata) ?? usage;

    for (const [position, candidate] of (answer.candidates ?? []).entries()) {
      const index = candidate.index ?? position;
      let state = candidates.get(index);
      if (state === undefined) candidates.set(index, (state = { started: false, finished: false, toolCalls: 0 }));
      const parts = readGeminiParts(candidate.content?.parts, { responseId: header.id, candidateIndex: index, firstCallNumber: state.toolCalls });

      const delta: ChatChunkChoice['delta'] = {};
      if (!state.started) {
        delta.role = 'assistant';
        delta.content = '';
      }
      if (parts.text !== '') delta.content = parts.text;
      if (parts.hasReasoning) delta.reasoning_content = parts.reasoning;
      if (parts.toolCalls.length > 0) {
        delta.tool_calls = parts.toolCalls.map((call, offset): ToolCallDelta & { provider_specific_fields?: unknown } => {
          const toolDelta: ToolCallDelta & { provider_specific_fields?: unknown } = { index: state.toolCalls + offset, id: call.id, type: 'function', function: call.function };
          if (call.provider_specific_fields !== undefined) toolDelta.provider_specific_fields = call.provider_specific_fields;
          return toolDelta;
        });
        state.toolCalls += parts.toolCalls.length;
      }
      if (parts.images.length > 0) delta.images = parts.images;
      if (parts.signatures.length > 0) delta.provider_specific_fields = { thought_signatures: parts.signatures };
      const logprobs = mapGeminiLogprobs(candidate.logprobsResult);
      if (Object.keys(delta).length > 0) {
        const choice: ChatChunkChoice = { index, delta, finish_reason: null };
        if (logprobs !== undefined) choice.logprobs = logprobs;
        yield chunk([choice]);
        state.started = true;
      }

      if (candidate.finishReason !== undefined && !state.finished) {
        state.finished = true;
        const choice: ChatChunkChoice = { index, delta: {}, finish_reason: mapGeminiFinishReason(candidate.finishReason, state.toolCalls > 0) };
        const raw = geminiProviderFinishReason(candidate.finishReason);
        if (raw !== undefined) choice.provider_finish_reason = raw;
        yield chunk([choice]);
      }
    }
  }

  const complete = candidates.size > 0 && [...candidates.values()].every((state) => state.finished);
  if (!complete || header === undefined) {
    throw upstreamError('InternalServerError', { provider, code: 'stream_interrupted', message: `${provider}: the stream ended before the model finished its answer` });
  }
  if (options.includeUsage && usage !== undefined) {
    yield { id: header.id, object: 'chat.completion.chunk', created: header.created, model: header.model, choices: [], usage };
  }
}

function parseEvent(data: string, provider: string): GeminiGenerateContentResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: `${provider} sent a stream event that is not JSON`, cause: error, retryable: true });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: `${provider} sent a stream event that is not a JSON object`, retryable: true });
  }
  return parsed as GeminiGenerateContentResponse;
}
