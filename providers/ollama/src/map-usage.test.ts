import { describe, expect, it } from 'vitest';
import { mapOllamaUsage } from './map-usage.js';

describe('mapOllamaUsage', () => {
  it('adds prompt_eval_count and eval_count', () => {
    expect(mapOllamaUsage({ prompt_eval_count: 26, eval_count: 298 })).toEqual({ prompt_tokens: 26, completion_tokens: 298, total_tokens: 324 });
  });

  it("reads an absent count beside a present one as Go's omitted zero", () => {
    expect(mapOllamaUsage({ eval_count: 12 })).toEqual({ prompt_tokens: 0, completion_tokens: 12, total_tokens: 12 });
  });

  it('has no usage when neither count is there', () => {
    expect(mapOllamaUsage({})).toBeUndefined();
  });
});
