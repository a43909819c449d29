import { describe, expect, it } from 'vitest';
import { anthropicFinishDetail, mapAnthropicFinishReason } from './map-finish-reason.js';

describe('mapAnthropicFinishReason', () => {
  it('maps every documented stop_reason and gives null for an unknown one', () => {
    const reasons = ['end_turn', 'stop_sequence', 'max_tokens', 'model_context_window_exceeded', 'tool_use', 'refusal', 'pause_turn', 'something_new', null];
    expect(reasons.map(mapAnthropicFinishReason)).toEqual(['stop', 'stop', 'length', 'length', 'tool_calls', 'content_filter', 'stop', null, null]);
  });

  it('keeps the raw value only where finish_reason loses something', () => {
    const reasons = ['end_turn', 'max_tokens', 'tool_use', 'stop_sequence', 'refusal', 'pause_turn', null];
    expect(reasons.map(anthropicFinishDetail)).toEqual([undefined, undefined, undefined, 'stop_sequence', 'refusal', 'pause_turn', undefined]);
  });
});
