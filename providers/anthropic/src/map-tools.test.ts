import { describe, expect, it } from 'vitest';
import { mapAnthropicToolChoice, mapAnthropicTools } from './map-tools.js';

describe('map-tools', () => {
  it('passes a tool schema through unchanged', () => {
    const parameters = { type: 'object', properties: { when: { type: 'string', format: 'date-time' } }, required: ['when'], additionalProperties: false };
    expect(mapAnthropicTools([{ type: 'function', function: { name: 'book', description: 'Book a slot', parameters } }], 'anthropic')).toStrictEqual([
      { name: 'book', description: 'Book a slot', input_schema: parameters },
    ]);
  });

  it('puts disable_parallel_tool_use on a named tool choice and refuses a choice it cannot read', () => {
    expect(mapAnthropicToolChoice({ model: 'm', messages: [], tool_choice: { type: 'function', function: { name: 'book' } }, parallel_tool_calls: false }, 'anthropic')).toStrictEqual({
      type: 'tool',
      name: 'book',
      disable_parallel_tool_use: true,
    });
    expect(() => mapAnthropicToolChoice({ model: 'm', messages: [], tool_choice: { type: 'custom' } as never }, 'anthropic')).toThrow("anthropic does not support the parameter 'tool_choice'.");
  });
});
