import type { Usage } from '@switchyard/core';
import type { ConverseTokenUsage } from './wire-types.js';

/*
 * Converse counts input tokens read from and written to the prompt cache apart from `inputTokens`, as Anthropic
 * does; OpenAI's prompt_tokens counts every input token, so the three are added. Cache fields appear only when the
 * model reports them (Claude does, Nova and gpt-oss do not), and only then do the details appear.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html
 */
export function mapBedrockUsage(usage: ConverseTokenUsage | undefined): Usage | undefined {
  if (usage === undefined || typeof usage.inputTokens !== 'number' || typeof usage.outputTokens !== 'number') return undefined;
  const cacheRead = usage.cacheReadInputTokens;
  const cacheWrite = usage.cacheWriteInputTokens;
  const promptTokens = usage.inputTokens + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const mapped: Usage = { prompt_tokens: promptTokens, completion_tokens: usage.outputTokens, total_tokens: promptTokens + usage.outputTokens };
  if (cacheRead !== undefined || cacheWrite !== undefined) {
    const details: Record<string, number> = {};
    if (cacheRead !== undefined) details.cached_tokens = cacheRead;
    if (cacheWrite !== undefined) details.cache_creation_tokens = cacheWrite;
    mapped.prompt_tokens_details = details;
  }
  return mapped;
}
