import { describe, expect, it } from 'vitest';
import { mapBedrockUsage } from './map-usage.js';

describe('mapBedrockUsage', () => {
  it('counts cache reads and writes into prompt_tokens and reports both (prompt-caching user guide)', () => {
    expect(mapBedrockUsage({ inputTokens: 10, outputTokens: 20, totalTokens: 1530, cacheReadInputTokens: 1000, cacheWriteInputTokens: 500 })).toEqual({
      prompt_tokens: 1510,
      completion_tokens: 20,
      total_tokens: 1530,
      prompt_tokens_details: { cached_tokens: 1000, cache_creation_tokens: 500 },
    });
  });

  it('has no details when the model reports no cache counts', () => {
    expect(mapBedrockUsage({ inputTokens: 13, outputTokens: 82, totalTokens: 95 })).toEqual({ prompt_tokens: 13, completion_tokens: 82, total_tokens: 95 });
  });

  it('is absent when counts are missing', () => {
    expect(mapBedrockUsage(undefined)).toBeUndefined();
    expect(mapBedrockUsage({ outputTokens: 1 })).toBeUndefined();
  });
});
