import { describe, expect, it } from 'vitest';
import { mapMistralUsage } from './map-usage.js';

describe('mapMistralUsage', () => {
  it('maps counts, taking num_cached_tokens or prompt_tokens_details.cached_tokens as cached tokens', () => {
    expect(mapMistralUsage({ completion_tokens: 12, num_cached_tokens: 76, prompt_tokens: 77, total_tokens: 89 })).toStrictEqual({
      prompt_tokens: 77,
      completion_tokens: 12,
      total_tokens: 89,
      prompt_tokens_details: { cached_tokens: 76 },
    });
    expect(mapMistralUsage({ prompt_tokens: 171, total_tokens: 185, completion_tokens: 14, prompt_tokens_details: { cached_tokens: 128 } })).toStrictEqual({
      prompt_tokens: 171,
      completion_tokens: 14,
      total_tokens: 185,
      prompt_tokens_details: { cached_tokens: 128 },
    });
  });

  it('writes no details Mistral did not report, and nothing at all without counts', () => {
    expect(mapMistralUsage({ prompt_tokens: 10, completion_tokens: 46, total_tokens: 56 })).toStrictEqual({ prompt_tokens: 10, completion_tokens: 46, total_tokens: 56 });
    expect(mapMistralUsage(undefined)).toBeUndefined();
    expect(mapMistralUsage({ total_tokens: 5 })).toBeUndefined();
  });
});
