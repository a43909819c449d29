import { describe, expect, it } from 'vitest';
import { mapOllamaFinishReason } from './map-finish-reason.js';

describe('mapOllamaFinishReason', () => {
  it.each([
    ['stop', false, 'stop'],
    ['stop', true, 'tool_calls'],
    ['length', false, 'length'],
    ['length', true, 'length'],
    ['load', false, null],
    ['unload', false, null],
    [undefined, false, null],
    [undefined, true, null],
  ] as const)('%s (tool calls: %s) → %s', (doneReason, hasToolCalls, expected) => {
    expect(mapOllamaFinishReason(doneReason, hasToolCalls)).toBe(expected);
  });
});
