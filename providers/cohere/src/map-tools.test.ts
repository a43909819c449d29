import { GatewayError, type ChatRequest } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapCohereTools } from './map-tools.js';

const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Get weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

function requestWith(fields: Partial<ChatRequest>): ChatRequest {
  return { model: 'command-r7b-12-2024', messages: [{ role: 'user', content: 'hi' }], ...fields };
}

function refusal(fields: Partial<ChatRequest>): { code: string; param: string | null; message: string } {
  try {
    mapCohereTools(requestWith(fields));
  } catch (error) {
    if (!GatewayError.isGatewayError(error)) throw error;
    return { code: error.code, param: error.param, message: error.message };
  }
  throw new Error('expected a refusal');
}

describe('mapCohereTools', () => {
  it('passes function tools through with their JSON schema, and maps tool_choice required/none', () => {
    expect(mapCohereTools(requestWith({ tools: [weather], tool_choice: 'required' }))).toStrictEqual({ tools: [weather], tool_choice: 'REQUIRED' });
    expect(mapCohereTools(requestWith({ tools: [weather], tool_choice: 'none' }))).toStrictEqual({ tools: [weather], tool_choice: 'NONE' });
  });

  it("leaves 'auto' out (Cohere's default is to choose freely) and accepts parallel_tool_calls: true", () => {
    expect(mapCohereTools(requestWith({ tools: [weather], tool_choice: 'auto', parallel_tool_calls: true }))).toStrictEqual({ tools: [weather] });
  });

  it('sends a function without parameters as the empty object schema and no description when none was given', () => {
    expect(mapCohereTools(requestWith({ tools: [{ type: 'function', function: { name: 'currentTime' } }] }))).toStrictEqual({
      tools: [{ type: 'function', function: { name: 'currentTime', parameters: { type: 'object', properties: {} } } }],
    });
  });

  it('sets strict_tools when every tool is strict, and refuses a mix', () => {
    const strict = { type: 'function' as const, function: { ...weather.function, strict: true } };
    expect(mapCohereTools(requestWith({ tools: [strict] }))).toStrictEqual({ tools: [weather], strict_tools: true });
    expect(refusal({ tools: [weather, strict] })).toStrictEqual({
      code: 'unsupported_parameter',
      param: 'tools[1].function.strict',
      message: 'cohere: tools[1].function.strict: Cohere makes tools strict all together (strict_tools), so strict must be the same on every tool',
    });
  });

  it('refuses a named tool_choice and parallel_tool_calls: false with a 400 naming them', () => {
    expect(refusal({ tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } } })).toStrictEqual({
      code: 'unsupported_parameter',
      param: 'tool_choice',
      message: "cohere: tool_choice: Cohere cannot be made to call one named function ('get_weather'); use 'required', 'none' or 'auto'",
    });
    expect(refusal({ tools: [weather], parallel_tool_calls: false }).param).toBe('parallel_tool_calls');
  });
});
