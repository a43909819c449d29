import { ContentPolicyViolationError, UpstreamError, type ChatChoice, type ChatResponse } from '@switchyard/core';
import { mapGeminiStreamError } from './map-error.js';
import { geminiProviderFinishReason, mapGeminiFinishReason } from './map-finish-reason.js';
import { mapGeminiLogprobs } from './map-logprobs.js';
import { readGeminiParts } from './map-parts.js';
import { mapGeminiUsage } from './map-usage.js';
import type { GeminiCandidate, GeminiGenerateContentResponse } from './wire-types.js';

/*
 * A generateContent answer → chat.completion. Each candidate is a choice (candidateCount = n). A prompt the API
 * blocked comes back as 200 with promptFeedback.blockReason and no candidates; that is a content-policy error (400),
 * not an empty answer.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */

/** What the response and stream mappers need besides the body. */
export interface GeminiResponseOptions {
  /** The provider id, in errors and messages: 'gemini', 'vertex_ai'. */
  readonly provider: string;
  /** The deployment's model id, used when the answer names no modelVersion. */
  readonly model: string;
  /** Unix seconds for `created` when the answer has no createTime (AI Studio never sends one). */
  readonly created: number;
}

export function mapGeminiResponse(body: unknown, options: GeminiResponseOptions): ChatResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UpstreamError({ provider: options.provider, code: 'upstream_invalid_response', message: `${options.provider} answered with JSON that is not an object`, retryable: true });
  }
  const answer = body as GeminiGenerateContentResponse;
  if (answer.error !== undefined) throw mapGeminiStreamError(options.provider, JSON.stringify(answer));
  throwIfPromptBlocked(answer, options.provider);

  const responseId = answer.responseId ?? `chatcmpl-${crypto.randomUUID()}`;
  const choices = (answer.candidates ?? []).map((candidate, position) => mapCandidate(candidate, position, responseId));
  const response: ChatResponse = {
    id: responseId,
    object: 'chat.completion',
    created: geminiCreated(answer, options.created),
    model: answer.modelVersion ?? options.model,
    choices,
  };
  const usage = mapGeminiUsage(answer.usageMetadata);
  if (usage !== undefined) response.usage = usage;
  return response;
}

function mapCandidate(candidate: GeminiCandidate, position: number, responseId: string): ChatChoice {
  const index = candidate.index ?? position;
  const parts = readGeminiParts(candidate.content?.parts, { responseId, candidateIndex: index, firstCallNumber: 0 });
  // Gemini cannot refuse and logprobs come only when asked for: null is the true value, and OpenAI's schema wants both.
  const message: ChatChoice['message'] = { role: 'assistant', content: parts.text !== '' ? parts.text : null, refusal: null };
  if (parts.hasReasoning) message.reasoning_content = parts.reasoning;
  if (parts.toolCalls.length > 0) message.tool_calls = parts.toolCalls;
  if (parts.images.length > 0) message.images = parts.images;
  if (parts.signatures.length > 0) message.provider_specific_fields = { thought_signatures: parts.signatures };
  const choice: ChatChoice = { index, message, finish_reason: mapGeminiFinishReason(candidate.finishReason, parts.toolCalls.length > 0), logprobs: mapGeminiLogprobs(candidate.logprobsResult) ?? null };
  const raw = geminiProviderFinishReason(candidate.finishReason);
  if (raw !== undefined) choice.provider_finish_reason = raw;
  return choice;
}

/** A prompt Gemini refused to answer: promptFeedback.blockReason set and no candidates. */
export function throwIfPromptBlocked(answer: GeminiGenerateContentResponse, provider: string): void {
  const reason = answer.promptFeedback?.blockReason;
  if (reason === undefined || (answer.candidates?.length ?? 0) > 0) return;
  const detail = answer.promptFeedback?.blockReasonMessage;
  throw new ContentPolicyViolationError({
    provider,
    upstreamStatus: 200,
    message: `${provider}: the prompt was blocked (${reason})${detail === undefined ? '' : `: ${detail}`}`,
  });
}

/** Vertex's createTime in unix seconds, else the given fallback. */
export function geminiCreated(answer: GeminiGenerateContentResponse, fallback: number): number {
  const time = answer.createTime === undefined ? Number.NaN : Date.parse(answer.createTime);
  return Number.isNaN(time) ? fallback : Math.floor(time / 1000);
}
