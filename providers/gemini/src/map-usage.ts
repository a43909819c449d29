import type { Usage } from '@switchyard/core';
import type { GeminiUsageMetadata } from './wire-types.js';

/*
 * usageMetadata → OpenAI usage. The API writes proto3 JSON, which leaves out counts that are zero, so once a
 * usageMetadata carries any count an absent one is a true 0. One with no counts at all (Vertex's mid-stream
 * `{trafficType}`) is no usage.
 *   prompt_tokens     = promptTokenCount (cached content included, as in OpenAI) + toolUsePromptTokenCount
 *   completion_tokens = candidatesTokenCount + thoughtsTokenCount
 * Gemini reports no cache writes (implicit caching has none; explicit caches are written by their own call), so
 * cache_creation_tokens is not given.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */

export function mapGeminiUsage(metadata: GeminiUsageMetadata | undefined): Usage | undefined {
  if (metadata === undefined) return undefined;
  const counts = ['promptTokenCount', 'candidatesTokenCount', 'thoughtsTokenCount', 'totalTokenCount', 'cachedContentTokenCount', 'toolUsePromptTokenCount'] as const;
  if (!counts.some((name) => typeof metadata[name] === 'number')) return undefined;
  const count = (name: (typeof counts)[number]): number => (typeof metadata[name] === 'number' ? (metadata[name] as number) : 0);

  const promptTokens = count('promptTokenCount') + count('toolUsePromptTokenCount');
  const completionTokens = count('candidatesTokenCount') + count('thoughtsTokenCount');
  const usage: Usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  if (typeof metadata.cachedContentTokenCount === 'number') usage.prompt_tokens_details = { cached_tokens: metadata.cachedContentTokenCount };
  if (typeof metadata.thoughtsTokenCount === 'number') usage.completion_tokens_details = { reasoning_tokens: metadata.thoughtsTokenCount };
  return usage;
}
