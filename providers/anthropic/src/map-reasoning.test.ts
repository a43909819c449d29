import { describe, expect, it } from 'vitest';
import { anthropicThinkingBudgets, mapAnthropicThinking } from './map-reasoning.js';

describe('map-reasoning', () => {
  it('documents these budgets', () => {
    expect(anthropicThinkingBudgets).toStrictEqual({ minimal: 1024, low: 1024, medium: 2048, high: 4096 });
  });

  it("refuses a thinking value that is not Anthropic's object", () => {
    expect(() => mapAnthropicThinking({ model: 'm', messages: [], thinking: true }, 'anthropic')).toThrow(
      'anthropic: thinking must be Anthropic\'s object, e.g. {"type": "enabled", "budget_tokens": 2048}',
    );
  });

  it('sends nothing without reasoning_effort or thinking', () => {
    expect(mapAnthropicThinking({ model: 'm', messages: [], reasoning_effort: null }, 'anthropic')).toBeUndefined();
  });
});
