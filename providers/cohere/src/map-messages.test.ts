import { GatewayError, type ChatMessage } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapCohereMessages } from './map-messages.js';

function refusal(messages: unknown[]): { code: string; param: string | null; message: string } {
  try {
    mapCohereMessages(messages as ChatMessage[]);
  } catch (error) {
    if (!GatewayError.isGatewayError(error)) throw error;
    return { code: error.code, param: error.param, message: error.message };
  }
  throw new Error('expected a refusal');
}

describe('mapCohereMessages', () => {
  it('maps system and developer to system, keeping strings and text parts', () => {
    expect(
      mapCohereMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'hello' },
      ]),
    ).toStrictEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
      { role: 'user', content: 'hello' },
    ]);
  });

  it('maps user text and image_url parts to the same Cohere parts, detail kept only when given', () => {
    expect(
      mapCohereMessages([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe the logo in this image' },
            { type: 'image_url', image_url: { url: 'https://cohere.com/favicon-32x32.png', detail: 'auto' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ]),
    ).toStrictEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe the logo in this image' },
          { type: 'image_url', image_url: { url: 'https://cohere.com/favicon-32x32.png', detail: 'auto' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
    ]);
  });

  it('maps an assistant tool-call turn and its tool results, reasoning_content becoming the tool_plan', () => {
    expect(
      mapCohereMessages([
        { role: 'user', content: "What's the weather in Paris?" },
        {
          role: 'assistant',
          content: null,
          reasoning_content: "I will use the 'get_weather' tool to find the weather in Paris.",
          tool_calls: [
            { id: 'get_weather_9gpb31r7h7mj', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'get_weather_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'get_weather_9gpb31r7h7mj', content: 'Sunny, 22C in Paris' },
        { role: 'tool', tool_call_id: 'get_weather_2', content: [{ type: 'text', text: 'Rain, 14C in Lyon' }] },
      ]),
    ).toStrictEqual([
      { role: 'user', content: "What's the weather in Paris?" },
      {
        role: 'assistant',
        tool_plan: "I will use the 'get_weather' tool to find the weather in Paris.",
        tool_calls: [
          { id: 'get_weather_9gpb31r7h7mj', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'get_weather_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'get_weather_9gpb31r7h7mj', content: 'Sunny, 22C in Paris' },
      { role: 'tool', tool_call_id: 'get_weather_2', content: [{ type: 'text', text: 'Rain, 14C in Lyon' }] },
    ]);
  });

  it('keeps non-empty text beside tool calls and leaves an empty string out', () => {
    const call = { id: 'c1', type: 'function' as const, function: { name: 'f', arguments: '{}' } };
    expect(
      mapCohereMessages([
        { role: 'assistant', content: 'Let me check.', tool_calls: [call] },
        { role: 'assistant', content: '', tool_calls: [call] },
      ]),
    ).toStrictEqual([
      { role: 'assistant', content: 'Let me check.', tool_calls: [call] },
      { role: 'assistant', tool_calls: [call] },
    ]);
  });

  it('sends the reasoning_content of a plain assistant turn back as a thinking part before its text', () => {
    expect(
      mapCohereMessages([
        { role: 'assistant', content: 'Use a bridge.', reasoning_content: 'The river is deep.' },
        { role: 'assistant', content: [{ type: 'text', text: 'Part one.' }], reasoning_content: 'Think.' },
        { role: 'assistant', content: 'No thoughts.' },
      ]),
    ).toStrictEqual([
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'The river is deep.' }, { type: 'text', text: 'Use a bridge.' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'Think.' }, { type: 'text', text: 'Part one.' }] },
      { role: 'assistant', content: 'No thoughts.' },
    ]);
  });

  it('sends the citations of an earlier answer back with it (pydantic-ai test_tool_choice_matrix[auto-cohere] citation shape)', () => {
    const citations = [{ start: 34, end: 39, text: 'sunny', sources: [{ id: 'get_weather_9gpb31r7h7mj:0', tool_output: { content: 'Sunny, 22C in Paris' }, type: 'tool' }], type: 'TEXT_CONTENT' }];
    const echoed = { role: 'assistant', content: 'It is sunny.', refusal: null, annotations: [], citations } as unknown as ChatMessage;
    expect(mapCohereMessages([echoed])).toStrictEqual([{ role: 'assistant', citations, content: 'It is sunny.' }]);
  });

  it('refuses what Cohere has no place for, naming the element', () => {
    expect(refusal([{ role: 'user', content: 'hi', name: 'alice' }])).toStrictEqual({
      code: 'unsupported_parameter',
      param: 'messages[0].name',
      message: 'cohere: messages[0].name: Cohere messages have no participant name',
    });
    expect(refusal([{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }])).toStrictEqual({
      code: 'unsupported_parameter',
      param: 'messages[0].content[1].type',
      message: "cohere: messages[0].content[1].type: Cohere chat takes text and image_url parts, not 'input_audio'",
    });
    expect(refusal([{ role: 'user', content: 'q' }, { role: 'function', name: 'f', content: 'r' }]).param).toBe('messages[1].name');
    expect(refusal([{ role: 'user', content: 'q' }, { role: 'function', content: 'r' }]).param).toBe('messages[1].role');
    expect(refusal([{ role: 'assistant', content: null, refusal: 'I cannot.' }]).param).toBe('messages[0].refusal');
    expect(refusal([{ role: 'assistant', content: 'x', thinking_blocks: [{ type: 'thinking', thinking: 't', signature: 's' }] }]).param).toBe('messages[0].thinking_blocks');
    expect(refusal([{ role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] }]).param).toBe('messages[0].content[0].type');
  });
});
