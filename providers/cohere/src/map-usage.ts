import type { Usage } from '@switchyard/core';
import type { CohereUsage } from './wire-types.js';

/*
 * Cohere reports two counts. `tokens` are the tokens the model read and wrote, including the prompt template and
 * safety preamble Cohere adds; `billed_units` are what Cohere charges for (only the caller's own tokens). OpenAI's
 * prompt_tokens means all input the model read, so it is `tokens.input_tokens`; `cached_tokens` (prompt tokens that
 * hit Cohere's cache, a part of input_tokens) is prompt_tokens_details.cached_tokens. Cohere has no notion of cache
 * writes, so cache_creation_tokens is left out, and it does not report reasoning tokens apart from output tokens.
 * billed_units is kept as `usage.billed_units`, unchanged, because cost must be computed from it.
 * @see https://docs.cohere.com/reference/chat (response: usage)
 */

export function mapCohereUsage(usage: CohereUsage | undefined): Usage | undefined {
  const input = usage?.tokens?.input_tokens;
  const output = usage?.tokens?.output_tokens;
  if (typeof input !== 'number' || typeof output !== 'number') return undefined;
  const out: Usage = { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
  if (typeof usage?.cached_tokens === 'number') out.prompt_tokens_details = { cached_tokens: usage.cached_tokens };
  if (usage?.billed_units !== undefined) out.billed_units = usage.billed_units;
  return out;
}
