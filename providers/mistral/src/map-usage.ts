import type { Usage } from '@switchyard/core';
import type { MistralUsage } from './wire-types.js';

/*
 * Mistral's prompt_tokens already count cached tokens (OpenAI's meaning). Cache reads come as `num_cached_tokens` on
 * JSON answers and as `prompt_tokens_details.cached_tokens` on some streams; either becomes
 * prompt_tokens_details.cached_tokens. Mistral has no cache writes and reports no reasoning-token count, so neither
 * detail is written.
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post (UsageInfo)
 */

/** Undefined when Mistral sent no usage or its counts are missing: nothing is made up. */
export function mapMistralUsage(usage: MistralUsage | null | undefined): Usage | undefined {
  if (usage === null || usage === undefined) return undefined;
  const { prompt_tokens: prompt, completion_tokens: completion } = usage;
  if (typeof prompt !== 'number' || typeof completion !== 'number') return undefined;
  const out: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.num_cached_tokens;
  if (typeof cached === 'number') out.prompt_tokens_details = { cached_tokens: cached };
  return out;
}
