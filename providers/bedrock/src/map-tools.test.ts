import type { ChatRequest } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { checkBedrockShape } from '../test/service-model.js';
import { mapBedrockOutputConfig, mapBedrockToolConfig } from './map-tools.js';

const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

function request(fields: Partial<ChatRequest>): ChatRequest {
  return { model: 'm', messages: [], tools: [weather], ...fields };
}

describe('tool_choice', () => {
  it.each([
    ['auto', { auto: {} }],
    ['required', { any: {} }],
    [{ type: 'function', function: { name: 'get_weather' } }, { tool: { name: 'get_weather' } }],
  ])('maps %j', (choice, expected) => {
    const config = mapBedrockToolConfig(request({ tool_choice: choice as ChatRequest['tool_choice'] }), false);
    expect(config).toEqual({ tools: [{ toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: weather.function.parameters } } }], toolChoice: expected });
    expect(checkBedrockShape('ToolConfiguration', config)).toEqual([]);
  });

  it("leaves the tools out for 'none', as Converse has no such choice", () => {
    expect(mapBedrockToolConfig(request({ tool_choice: 'none' }), false)).toBeUndefined();
  });

  it("refuses 'none' when the conversation holds tool calls, which Bedrock accepts only with the tools declared", () => {
    expect(() => mapBedrockToolConfig(request({ tool_choice: 'none' }), true)).toThrow(expect.objectContaining({ status: 400, code: 'unsupported_parameter', param: 'tool_choice' }));
  });

  it('puts a cachePoint after a tool with cache_control', () => {
    expect(mapBedrockToolConfig(request({ tools: [{ ...weather, cache_control: { type: 'ephemeral' } } as never] }), false)).toEqual({
      tools: [{ toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: weather.function.parameters } } }, { cachePoint: { type: 'default' } }],
    });
  });

  it.each([
    [{ parallel_tool_calls: false }, 'parallel_tool_calls'],
    [{ tool_choice: { type: 'function', function: { name: 'other' } } }, 'tool_choice.function.name'],
    [{ tools: [], tool_choice: 'required' }, 'tool_choice'],
  ])('refuses %j', (fields, param) => {
    expect(() => mapBedrockToolConfig(request(fields as Partial<ChatRequest>), false)).toThrow(expect.objectContaining({ status: 400, param }));
  });
});

describe('response_format', () => {
  it('needs nothing for text', () => {
    expect(mapBedrockOutputConfig({ type: 'text' })).toBeUndefined();
  });
});
