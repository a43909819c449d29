import type { FinishReason } from '@switchyard/core';

/*
 * Gemini's Candidate.FinishReason → OpenAI's finish_reason. STOP with function calls in the candidate is 'tool_calls'
 * (Gemini has no separate reason for it). Reasons with no OpenAI counterpart that still end a normal turn are 'stop',
 * and the raw value is kept beside it as provider_finish_reason; a reason this table does not know is null.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 */

const finishReasons: Readonly<Record<string, FinishReason>> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  IMAGE_PROHIBITED_CONTENT: 'content_filter',
  IMAGE_RECITATION: 'content_filter',
  LANGUAGE: 'stop',
  OTHER: 'stop',
  MALFORMED_FUNCTION_CALL: 'stop',
  UNEXPECTED_TOOL_CALL: 'stop',
  TOO_MANY_TOOL_CALLS: 'stop',
  NO_IMAGE: 'stop',
  IMAGE_OTHER: 'stop',
};

export function mapGeminiFinishReason(raw: string | undefined, hasToolCalls: boolean): FinishReason | null {
  if (raw === undefined) return null;
  const mapped = finishReasons[raw] ?? null;
  return mapped === 'stop' && hasToolCalls ? 'tool_calls' : mapped;
}

/** The raw reason, when the OpenAI value alone loses it (anything but STOP and MAX_TOKENS). */
export function geminiProviderFinishReason(raw: string | undefined): string | undefined {
  return raw === undefined || raw === 'STOP' || raw === 'MAX_TOKENS' ? undefined : raw;
}
