import { describe, expect, it } from 'vitest';
import { bedrockProviderFinishReason, mapBedrockFinishReason } from './map-finish-reason.js';

describe('mapBedrockFinishReason', () => {
  it.each([
    ['end_turn', 'stop', undefined],
    ['stop_sequence', 'stop', 'stop_sequence'],
    ['max_tokens', 'length', undefined],
    ['model_context_window_exceeded', 'length', 'model_context_window_exceeded'],
    ['tool_use', 'tool_calls', undefined],
    ['guardrail_intervened', 'content_filter', 'guardrail_intervened'],
    ['content_filtered', 'content_filter', 'content_filtered'],
    ['malformed_model_output', null, 'malformed_model_output'],
    ['malformed_tool_use', null, 'malformed_tool_use'],
    [undefined, null, undefined],
  ])('%s → %s (raw kept: %s)', (raw, finish, kept) => {
    expect(mapBedrockFinishReason(raw)).toBe(finish);
    expect(bedrockProviderFinishReason(raw)).toEqual(kept === undefined ? undefined : { provider_finish_reason: kept });
  });
});
