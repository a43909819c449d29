import { GatewayError, type ChatMessage } from '@switchyard/core';
import { readFixtureJson } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapOllamaMessages } from './map-messages.js';

function refusal(messages: unknown[]): { code: string; param: string | null; message: string } {
  try {
    mapOllamaMessages(messages as ChatMessage[]);
  } catch (error) {
    if (!GatewayError.isGatewayError(error)) throw error;
    return { code: error.code, param: error.param, message: error.message };
  }
  throw new Error('expected a refusal');
}

describe('mapOllamaMessages', () => {
  it('maps system, developer, user and assistant turns, flattening text parts', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'developer', content: [{ type: 'text', text: 'Answer in English.' }, { type: 'text', text: 'No lists.' }] },
      { role: 'user', content: 'why is the sky blue?' },
      { role: 'assistant', content: [{ type: 'text', text: 'due to rayleigh scattering.' }], reasoning_content: 'Physics question.' },
      { role: 'user', content: [{ type: 'text', text: 'how is that different than mie scattering?' }] },
    ];
    expect(mapOllamaMessages(messages)).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Answer in English.\nNo lists.' },
      { role: 'user', content: 'why is the sky blue?' },
      { role: 'assistant', content: 'due to rayleigh scattering.', thinking: 'Physics question.' },
      { role: 'user', content: 'how is that different than mie scattering?' },
    ]);
  });

  it('puts a base64 data: image beside the text, as the documented images request does (ollama-docs chat-request-with-images)', () => {
    const documented = readFixtureJson<{ messages: Array<{ role: string; content: string; images: string[] }> }>('ollama/ollama-docs/chat-request-with-images.request.json');
    const [image] = documented.messages[0].images;
    const mapped = mapOllamaMessages([
      { role: 'user', content: [{ type: 'text', text: 'what is in this image?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${image}`, detail: 'auto' } }] },
    ]);
    expect(mapped).toEqual(documented.messages);
  });

  it('sends assistant tool calls with object arguments and names each tool result (docs: Chat request with history, with tools)', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'what is the weather in Toronto and Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Toronto"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_2', content: '14:05' },
      { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: '11 degrees celsius' }] },
    ];
    expect(mapOllamaMessages(messages)).toEqual([
      { role: 'user', content: 'what is the weather in Toronto and Paris?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_1', function: { name: 'get_weather', arguments: { city: 'Toronto' } } },
          { id: 'call_2', function: { name: 'get_time', arguments: { city: 'Paris' } } },
        ],
      },
      { role: 'tool', content: '14:05', tool_name: 'get_time', tool_call_id: 'call_2' },
      { role: 'tool', content: '11 degrees celsius', tool_name: 'get_weather', tool_call_id: 'call_1' },
    ]);
  });

  it('refuses an https image URL, naming the param: the gateway never fetches URLs', () => {
    expect(refusal([{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }])).toEqual({
      code: 'invalid_request',
      param: 'messages[0].content[1].image_url.url',
      message:
        'messages[0].content[1].image_url.url is an image URL: the gateway does not fetch URLs named in a request. Ollama takes images inline: send data:image/<type>;base64,<data>.',
    });
  });

  it('refuses a data: URL that is not a base64 image', () => {
    expect(refusal([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:text/plain;base64,aGk=' } }] }]).param).toBe('messages[0].content[0].image_url.url');
  });

  it('refuses tool call arguments that are not a JSON object', () => {
    const call = (args: string) => [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: args } }] }];
    expect(refusal(call('{"city":'))).toEqual({
      code: 'invalid_request',
      param: 'messages[0].tool_calls[0].function.arguments',
      message: 'messages[0].tool_calls[0].function.arguments is not valid JSON; Ollama takes tool call arguments as a JSON object.',
    });
    expect(refusal(call('[1]')).param).toBe('messages[0].tool_calls[0].function.arguments');
  });

  it('refuses a tool result whose id matches no earlier tool call', () => {
    expect(refusal([{ role: 'tool', tool_call_id: 'call_x', content: '1' }])).toEqual({
      code: 'invalid_request',
      param: 'messages[0].tool_call_id',
      message: "messages[0].tool_call_id 'call_x' matches no tool call of an earlier assistant message; Ollama needs the tool's name for each result.",
    });
  });

  it.each([
    [[{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }], 'messages[0].content[0].type'],
    [[{ role: 'user', content: 'hi', name: 'alice' }], 'messages[0].name'],
    [[{ role: 'function', name: 'f', content: '1' }], 'messages[0].role'],
    [[{ role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] }], 'messages[0].content[0].type'],
  ])('refuses what Ollama cannot carry: %j', (messages, param) => {
    expect(refusal(messages)).toEqual({ code: 'unsupported_parameter', param, message: `ollama does not support the parameter '${param}'. Remove it, or set drop_params to drop unsupported parameters.` });
  });
});
