import { GatewayError, type ChatRequest } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapCohereThinking } from './map-reasoning.js';

function requestWith(fields: Partial<ChatRequest>): ChatRequest {
  return { model: 'command-a-reasoning-08-2025', messages: [{ role: 'user', content: 'hi' }], ...fields };
}

describe('mapCohereThinking (budgets from https://docs.cohere.com/docs/reasoning)', () => {
  it('maps every reasoning_effort to a thinking setting', () => {
    const efforts = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
    expect(efforts.map((reasoning_effort) => mapCohereThinking(requestWith({ reasoning_effort })))).toStrictEqual([
      { type: 'disabled' },
      { type: 'enabled', token_budget: 1024 },
      { type: 'enabled', token_budget: 4096 },
      { type: 'enabled', token_budget: 16384 },
      { type: 'enabled', token_budget: 31000 },
      { type: 'enabled' },
    ]);
  });

  it('sends nothing without reasoning_effort, and passes a Cohere thinking object through', () => {
    expect(mapCohereThinking(requestWith({}))).toBeUndefined();
    expect(mapCohereThinking(requestWith({ reasoning_effort: null }))).toBeUndefined();
    expect(mapCohereThinking(requestWith({ thinking: { type: 'enabled', token_budget: 500 } }))).toStrictEqual({ type: 'enabled', token_budget: 500 });
  });

  it('refuses reasoning_effort and thinking together', () => {
    let caught: unknown;
    try {
      mapCohereThinking(requestWith({ reasoning_effort: 'low', thinking: { type: 'disabled' } }));
    } catch (error) {
      caught = error;
    }
    expect(GatewayError.isGatewayError(caught) && caught.toOpenAIError()).toStrictEqual({
      error: { message: 'cohere: reasoning_effort: send either reasoning_effort or thinking, not both', type: 'invalid_request_error', param: 'reasoning_effort', code: 'invalid_request' },
    });
  });
});
