import { describe, expect, it } from 'vitest';
import { mapMistralFinishReason } from './map-finish-reason.js';

describe('mapMistralFinishReason', () => {
  it.each([
    ['stop', { finishReason: 'stop' }],
    ['length', { finishReason: 'length' }],
    ['model_length', { finishReason: 'length', providerFinishReason: 'model_length' }],
    ['tool_calls', { finishReason: 'tool_calls' }],
    [null, { finishReason: null }],
    ['something_new', { finishReason: null, providerFinishReason: 'something_new' }],
  ])('%s → %j', (reason, expected) => {
    expect(mapMistralFinishReason(reason)).toStrictEqual(expected);
  });
});
