import type { ChatRequest } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { geminiUsesThinkingLevel, mapGeminiThinking } from './map-thinking.js';

const request = (fields: Partial<ChatRequest>): ChatRequest => ({ model: 'm', messages: [], ...fields });

describe('mapGeminiThinking', () => {
  it('maps reasoning_effort to thinkingBudget for Gemini 2.5', () => {
    const budget = (effort: string) => mapGeminiThinking(request({ reasoning_effort: effort }), { model: 'gemini-2.5-flash' });
    expect([budget('minimal'), budget('low'), budget('medium'), budget('high'), budget('none')]).toEqual([
      { includeThoughts: true, thinkingBudget: 512 },
      { includeThoughts: true, thinkingBudget: 1024 },
      { includeThoughts: true, thinkingBudget: 8192 },
      { includeThoughts: true, thinkingBudget: 24576 },
      { thinkingBudget: 0 },
    ]);
  });

  it('maps reasoning_effort to thinkingLevel for Gemini 3 and later', () => {
    expect(mapGeminiThinking(request({ reasoning_effort: 'low' }), { model: 'gemini-3-pro-preview' })).toEqual({ includeThoughts: true, thinkingLevel: 'low' });
    expect(mapGeminiThinking(request({ reasoning_effort: 'minimal' }), { model: 'gemini-3.1-flash' })).toEqual({ includeThoughts: true, thinkingLevel: 'minimal' });
    expect(() => mapGeminiThinking(request({ reasoning_effort: 'none' }), { model: 'gemini-3-pro-preview' })).toThrow(expect.objectContaining({ status: 400, param: 'reasoning_effort' }));
    expect([geminiUsesThinkingLevel('gemini-2.0-flash'), geminiUsesThinkingLevel('gemini-3-flash-preview'), geminiUsesThinkingLevel('gemini-flash-latest')]).toEqual([false, true, false]);
  });

  it("takes Anthropic's thinking shape and refuses unknown efforts or both at once", () => {
    expect(mapGeminiThinking(request({ thinking: { type: 'enabled', budget_tokens: 2048 } }), { model: 'gemini-2.5-pro' })).toEqual({ includeThoughts: true, thinkingBudget: 2048 });
    expect(mapGeminiThinking(request({ thinking: { type: 'disabled' } }), { model: 'gemini-2.5-flash' })).toEqual({ thinkingBudget: 0 });
    expect(mapGeminiThinking(request({}), { model: 'gemini-2.5-flash' })).toBeUndefined();
    expect(() => mapGeminiThinking(request({ reasoning_effort: 'xhigh' }), { model: 'gemini-2.5-flash' })).toThrow(expect.objectContaining({ param: 'reasoning_effort' }));
    expect(() => mapGeminiThinking(request({ reasoning_effort: 'low', thinking: { type: 'disabled' } }), { model: 'gemini-2.5-flash' })).toThrow(expect.objectContaining({ param: 'thinking' }));
  });
});
