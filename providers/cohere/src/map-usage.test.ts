import { describe, expect, it } from 'vitest';
import { mapCohereUsage } from './map-usage.js';

describe('mapCohereUsage', () => {
  it('counts tokens.* as prompt and completion tokens, cached_tokens as cached, and keeps billed_units (vercel-ai cohere-text)', () => {
    expect(mapCohereUsage({ billed_units: { input_tokens: 12, output_tokens: 7 }, tokens: { input_tokens: 507, output_tokens: 10 }, cached_tokens: 448 })).toStrictEqual({
      prompt_tokens: 507,
      completion_tokens: 10,
      total_tokens: 517,
      prompt_tokens_details: { cached_tokens: 448 },
      billed_units: { input_tokens: 12, output_tokens: 7 },
    });
  });

  it('leaves out what Cohere did not send, and gives no usage without token counts', () => {
    expect(mapCohereUsage({ tokens: { input_tokens: 496, output_tokens: 11 } })).toStrictEqual({ prompt_tokens: 496, completion_tokens: 11, total_tokens: 507 });
    expect(mapCohereUsage({ billed_units: { input_tokens: 1 } })).toBeUndefined();
    expect(mapCohereUsage(undefined)).toBeUndefined();
  });
});
