import { describe, expect, it } from 'vitest';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-usage.js';

describe('mapAnthropicUsage', () => {
  it('counts cache reads and writes in prompt_tokens and reports them apart', () => {
    expect(mapAnthropicUsage({ input_tokens: 100, cache_read_input_tokens: 55096, cache_creation_input_tokens: 7, output_tokens: 8 })).toStrictEqual({
      prompt_tokens: 55203,
      completion_tokens: 8,
      total_tokens: 55211,
      prompt_tokens_details: { cached_tokens: 55096, cache_creation_tokens: 7 },
    });
  });

  it('leaves prompt_tokens_details out when Anthropic sends no cache counts (older answers)', () => {
    expect(mapAnthropicUsage({ input_tokens: 17, output_tokens: 227 })).toStrictEqual({ prompt_tokens: 17, completion_tokens: 227, total_tokens: 244 });
  });

  it('reports thinking tokens as reasoning_tokens', () => {
    expect(mapAnthropicUsage({ input_tokens: 28, output_tokens: 106, cache_read_input_tokens: null, output_tokens_details: { thinking_tokens: 67 } })).toStrictEqual({
      prompt_tokens: 28,
      completion_tokens: 106,
      total_tokens: 134,
      completion_tokens_details: { reasoning_tokens: 67 },
    });
  });

  it('invents nothing when a count is missing', () => {
    expect(mapAnthropicUsage(undefined)).toBeUndefined();
    expect(mapAnthropicUsage({ output_tokens: 5 })).toBeUndefined();
  });
});

describe('mergeAnthropicUsage', () => {
  it("lets message_delta's counts replace message_start's and keeps those it leaves out or nulls", () => {
    expect(mergeAnthropicUsage({ input_tokens: 17, cache_read_input_tokens: 3, output_tokens: 1 }, { output_tokens: 227, cache_read_input_tokens: null })).toStrictEqual({
      input_tokens: 17,
      cache_read_input_tokens: 3,
      output_tokens: 227,
    });
  });
});
