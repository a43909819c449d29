import { describe, expect, it } from 'vitest';
import { mapEchoResponse } from './map-response.mjs';

const answer = { echo_id: 'echo-7', model: 'parrot-1', created_at: '2025-01-01T00:00:00.000Z', text: 'Hello there', stop: 'end', tokens: { input: 4, output: 2 } };

describe('mapEchoResponse', () => {
  it('maps a whole answer to a chat completion', () => {
    expect(mapEchoResponse(answer)).toEqual({
      id: 'echo-7',
      object: 'chat.completion',
      created: 1735689600,
      model: 'parrot-1',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
    });
  });

  it('maps stop "limit" to finish_reason "length"', () => {
    expect(mapEchoResponse({ ...answer, stop: 'limit' }).choices[0].finish_reason).toBe('length');
  });

  it('reports a stop reason it does not know as null', () => {
    expect(mapEchoResponse({ ...answer, stop: 'sleepy' }).choices[0].finish_reason).toBeNull();
  });

  it('leaves usage out when the upstream sent no token counts', () => {
    const { tokens: _tokens, ...withoutTokens } = answer;
    expect(mapEchoResponse(withoutTokens)).not.toHaveProperty('usage');
  });
});
