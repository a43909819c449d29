import type { Usage } from '@switchyard/core';
import type { AnthropicUsage } from './wire-types.js';

/*
 * Anthropic counts input in three disjoint parts: input_tokens (after the last cache breakpoint), cache reads and
 * cache writes. OpenAI's prompt_tokens is all input, so the three are added; the cache parts are also reported on
 * their own (cache_creation_tokens is Switchyard's extension). output_tokens already includes thinking.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */

/** OpenAI usage from Anthropic's counts; undefined when Anthropic sent no input or output count. */
export function mapAnthropicUsage(usage: AnthropicUsage | undefined | null): Usage | undefined {
  if (usage === undefined || usage === null) return undefined;
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  if (input === undefined || output === undefined) return undefined;
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheCreation = count(usage.cache_creation_input_tokens);
  const promptTokens = input + (cacheRead ?? 0) + (cacheCreation ?? 0);
  const mapped: Usage = { prompt_tokens: promptTokens, completion_tokens: output, total_tokens: promptTokens + output };
  if (cacheRead !== undefined || cacheCreation !== undefined) {
    mapped.prompt_tokens_details = {
      ...(cacheRead === undefined ? {} : { cached_tokens: cacheRead }),
      ...(cacheCreation === undefined ? {} : { cache_creation_tokens: cacheCreation }),
    };
  }
  const thinking = count(usage.output_tokens_details?.thinking_tokens);
  if (thinking !== undefined) mapped.completion_tokens_details = { reasoning_tokens: thinking };
  return mapped;
}

/**
 * A stream's usage: message_start carries the input counts, message_delta the (cumulative) final ones. A count the
 * later event sends replaces the earlier one; one it leaves out (or sends as null) keeps it.
 */
export function mergeAnthropicUsage(start: AnthropicUsage | undefined, delta: AnthropicUsage | undefined): AnthropicUsage | undefined {
  if (start === undefined) return delta;
  if (delta === undefined) return start;
  const merged: Record<string, unknown> = { ...start };
  for (const [field, value] of Object.entries(delta)) if (value !== null && value !== undefined) merged[field] = value;
  return merged as AnthropicUsage;
}

function count(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
