import type { ChatMessage } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapMistralMessages } from './map-messages.js';

function refusal(messages: unknown[]): unknown {
  try {
    mapMistralMessages(messages as ChatMessage[]);
  } catch (error) {
    const { status, code, param, message } = error as { status: number; code: string; param: string; message: string };
    return { status, code, param, message };
  }
  throw new Error('expected a refusal');
}

describe('mapMistralMessages', () => {
  it('maps system and developer to system, keeps user text and text parts', () => {
    expect(
      mapMistralMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use French.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Bonjour' }] },
      ]),
    ).toStrictEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: [{ type: 'text', text: 'Use French.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Bonjour' }] },
    ]);
  });

  it('maps image, audio and file parts to Mistral chunks (shapes from Mistral’s ContentChunk schema)', () => {
    expect(
      mapMistralMessages([
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'high' } },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_id: '3b6c3c5e-5c1e-4c7b-9a2e-0f6d2a1b9c11' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'paper.pdf' } },
          ],
        },
      ]),
    ).toStrictEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'high' } },
          { type: 'input_audio', input_audio: 'UklGRg==' },
          { type: 'file', file_id: '3b6c3c5e-5c1e-4c7b-9a2e-0f6d2a1b9c11' },
          { type: 'document_url', document_url: 'data:application/pdf;base64,JVBERi0=', document_name: 'paper.pdf' },
        ],
      },
    ]);
  });

  it('rewrites tool call ids consistently and names each tool message after the call it answers, unless it has a name', () => {
    expect(
      mapMistralMessages([
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'found' }] },
        { role: 'tool', tool_call_id: 'call_unknown', content: 'orphan' },
        { role: 'tool', tool_call_id: 'call_1', content: 'again', name: 'lookup_v2' } as ChatMessage,
      ]),
    ).toStrictEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: '9npEoJA4L', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
      { role: 'tool', content: [{ type: 'text', text: 'found' }], tool_call_id: '9npEoJA4L', name: 'lookup' },
      { role: 'tool', content: 'orphan', tool_call_id: 'mmjwv0ndn' },
      { role: 'tool', content: 'again', tool_call_id: '9npEoJA4L', name: 'lookup_v2' },
    ]);
  });

  it('sends reasoning_content back as a thinking chunk ahead of the text', () => {
    expect(mapMistralMessages([{ role: 'assistant', content: 'Four.', reasoning_content: '2+2=4' }])).toStrictEqual([
      { role: 'assistant', content: [{ type: 'thinking', thinking: [{ type: 'text', text: '2+2=4' }] }, { type: 'text', text: 'Four.' }] },
    ]);
  });

  it('prefers thinking_blocks, keeping their signatures', () => {
    const message = { role: 'assistant', content: '', reasoning_content: 'ab', thinking_blocks: [{ type: 'thinking', thinking: 'a', signature: 'sig-a' }, { type: 'thinking', thinking: 'b' }] };
    expect(mapMistralMessages([message as ChatMessage])).toStrictEqual([
      { role: 'assistant', content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'a' }], signature: 'sig-a' }, { type: 'thinking', thinking: [{ type: 'text', text: 'b' }] }] },
    ]);
  });

  it('accepts what the OpenAI SDK echoes back on an assistant message, and passes prefix', () => {
    const message = { role: 'assistant', content: 'Sure', refusal: null, annotations: [], audio: null, function_call: null, prefix: true };
    expect(mapMistralMessages([message as ChatMessage])).toStrictEqual([{ role: 'assistant', content: 'Sure', prefix: true }]);
  });

  it.each([
    [[{ role: 'user', content: 'hi', name: 'ann' }], 'messages[0].name'],
    [[{ role: 'function', name: 'f', content: 'x' }], 'messages[0].role'],
    [[{ role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] }], 'messages[0].content[0].type'],
    [[{ role: 'assistant', content: 'x', refusal: 'no' }], 'messages[0].refusal'],
    [[{ role: 'assistant', content: 'x', thinking_blocks: [{ type: 'redacted_thinking', data: 'xx' }] }], 'messages[0].thinking_blocks[0]'],
    [[{ role: 'user', content: 'x', cache_control: { type: 'ephemeral' } }], 'messages[0].cache_control'],
  ])('refuses what Mistral cannot carry: %j → 400 naming %s', (messages, param) => {
    expect(refusal(messages)).toStrictEqual({ status: 400, code: 'unsupported_parameter', param, message: `mistral does not support the parameter '${param}'. Remove it, or set drop_params to drop unsupported parameters.` });
  });

  it('refuses a file part without a file_id or a data: URL', () => {
    expect(refusal([{ role: 'user', content: [{ type: 'file', file: { file_data: 'JVBERi0=' } }] }])).toStrictEqual({
      status: 400,
      code: 'invalid_request',
      param: 'messages[0].content[0].file',
      message: 'messages[0].content[0].file needs a file_id (a Mistral file) or file_data as a data: URL',
    });
  });
});
