import { join } from 'node:path';
import type { ChatRequest } from '@switchyard/core';
import { openAPIValidator, readFixtureJson, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapAnthropicRequestBody } from './map-request.js';

/*
 * Anthropic's Stainless OpenAPI document (Nov 2024) checks the bodies built here. It predates extended thinking, URL
 * image sources, text and file document sources, tool `strict`, output_config and the `none` tool choice: bodies
 * using those cannot be checked against it, and the tests say so.
 */
const anthropicSpec = openAPIValidator(join(specsDir(), 'anthropic', 'anthropic-openapi.stainless-2024-11.yaml'));

const options = { model: 'claude-sonnet-4-5', defaultMaxTokens: 64000, stream: false };

function refusal(run: () => unknown): { status: number; code: string; param: string | null; message: string } {
  try {
    run();
  } catch (error) {
    const { status, code, param, message } = error as { status: number; code: string; param: string | null; message: string };
    return { status, code, param, message };
  }
  throw new Error('expected a refusal');
}

function request(fields: Partial<ChatRequest>): ChatRequest {
  return { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], ...fields };
}

describe('messages', () => {
  it('lifts system and developer messages into system text blocks, keeping cache_control on parts', () => {
    const body = mapAnthropicRequestBody(
      request({
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'developer', content: [{ type: 'text', text: 'A long manual…', cache_control: { type: 'ephemeral' } } as never] },
          { role: 'user', content: 'Hi' },
        ],
      }),
      options,
    );
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 64000,
      system: [
        { type: 'text', text: 'You are terse.' },
        { type: 'text', text: 'A long manual…', cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
    expect(anthropicSpec.check('BetaCreateMessageParams', body)).toEqual([]);
  });

  it('merges consecutive user turns and puts a message-level cache_control on its last block', () => {
    const body = mapAnthropicRequestBody(
      request({
        messages: [
          { role: 'user', content: 'First' },
          { role: 'user', content: [{ type: 'text', text: 'Second' }, { type: 'text', text: 'Third' }], cache_control: { type: 'ephemeral', ttl: '1h' } } as never,
        ],
      }),
      options,
    );
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'First' },
          { type: 'text', text: 'Second' },
          { type: 'text', text: 'Third', cache_control: { type: 'ephemeral', ttl: '1h' } },
        ],
      },
    ]);
  });

  it('sends parallel tool calls as tool_use blocks and their results as one user turn with the next text', () => {
    const body = mapAnthropicRequestBody(
      request({
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: '',
            tool_calls: [
              { id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'toolu_02', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'toolu_01', content: '18C' },
          { role: 'tool', tool_call_id: 'toolu_02', content: [{ type: 'text', text: '24C' }] },
          { role: 'user', content: 'Which is warmer?' },
        ],
        tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
        tool_choice: 'required',
        parallel_tool_calls: false,
      }),
      options,
    );
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 64000,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_02', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01', content: '18C' },
            { type: 'tool_result', tool_use_id: 'toolu_02', content: [{ type: 'text', text: '24C' }] },
            { type: 'text', text: 'Which is warmer?' },
          ],
        },
      ],
      tools: [{ name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });
    expect(anthropicSpec.check('BetaCreateMessageParams', body)).toEqual([]);
  });

  it('sends thinking_blocks back first on an assistant turn (pydantic-ai test_anthropic_model_thinking_part, 2nd request)', () => {
    const recorded = readFixtureJson<Record<string, unknown> & { messages: Array<{ content: Array<Record<string, string>> }> }>('anthropic/pydantic-ai/test_anthropic_model_thinking_part.2.request.json');
    const [thinking, answer] = recorded.messages[1]!.content as [Record<string, string>, Record<string, string>];
    const body = mapAnthropicRequestBody(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'How do I cross the street?' }] },
          { role: 'assistant', content: answer.text!, reasoning_content: thinking.thinking!, thinking_blocks: [{ type: 'thinking', thinking: thinking.thinking, signature: thinking.signature }] } as never,
          { role: 'user', content: 'Considering the way to cross the street, analogously, how do I cross the river?' },
        ],
        max_tokens: 4096,
        reasoning_effort: 'low',
      }),
      options,
    );
    // The recording says stream: false; this mapping leaves stream out unless it is true.
    expect(body).toEqual({ ...recorded, stream: undefined });
  });

  it('sends redacted thinking back as it came', () => {
    const body = mapAnthropicRequestBody(
      request({ messages: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'A', thinking_blocks: [{ type: 'redacted_thinking', data: 'EqkEC…' }] } as never, { role: 'user', content: 'Q2' }] }),
      options,
    );
    expect(body.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'redacted_thinking', data: 'EqkEC…' }, { type: 'text', text: 'A' }] });
  });

  it('takes empty tool call arguments as no input and refuses arguments that are not a JSON object', () => {
    const call = (args: string) => request({ messages: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'now', arguments: args } }] }] });
    expect(mapAnthropicRequestBody(call(''), options).messages[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'now', input: {} }] });
    expect(refusal(() => mapAnthropicRequestBody(call('{"city":'), options))).toEqual({
      status: 400,
      code: 'invalid_request',
      param: 'messages[1].tool_calls[0].function.arguments',
      message: 'anthropic: tool call arguments must be a JSON object, as Anthropic takes a tool\'s input as an object',
    });
    expect(refusal(() => mapAnthropicRequestBody(call('[1]'), options)).param).toBe('messages[1].tool_calls[0].function.arguments');
  });

  it('refuses message names, the function role, audio parts and an empty assistant turn', () => {
    expect(refusal(() => mapAnthropicRequestBody(request({ messages: [{ role: 'user', content: 'Hi', name: 'ada' }] }), options))).toEqual({
      status: 400,
      code: 'unsupported_parameter',
      param: 'messages[0].name',
      message: "anthropic does not support the parameter 'messages[0].name'. Remove it, or set drop_params to drop unsupported parameters.",
    });
    expect(refusal(() => mapAnthropicRequestBody(request({ messages: [{ role: 'function', name: 'f', content: 'x' }] }), options)).param).toBe('messages[0].role');
    expect(refusal(() => mapAnthropicRequestBody(request({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } }] }] }), options)).param).toBe('messages[0].content[0].type');
    expect(refusal(() => mapAnthropicRequestBody(request({ messages: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: '' }] }), options))).toEqual({
      status: 400,
      code: 'invalid_request',
      param: 'messages[1].content',
      message: 'anthropic: an assistant message needs content, tool_calls or thinking_blocks',
    });
  });
});

describe('images and files', () => {
  it('sends a base64 data URL image as a base64 source', () => {
    const body = mapAnthropicRequestBody(
      request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' } }] }] }),
      options,
    );
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] },
    ]);
    expect(anthropicSpec.check('BetaCreateMessageParams', body)).toEqual([]);
  });

  // URL image sources postdate the Nov 2024 spec; shape from https://docs.anthropic.com/en/docs/build-with-claude/vision
  it('sends an https image URL as a url source (not in the 2024 spec)', () => {
    const body = mapAnthropicRequestBody(request({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } }] }] }), options);
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } }] }]);
  });

  it('refuses an image URL of another scheme and a detail other than auto', () => {
    expect(refusal(() => mapAnthropicRequestBody(request({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/cat.jpg' } }] }] }), options))).toEqual({
      status: 400,
      code: 'invalid_request',
      param: 'messages[0].content[0].image_url.url',
      message: 'anthropic: an image_url must be an http(s) URL or a base64 data: URL (data:image/png;base64,…)',
    });
    expect(refusal(() => mapAnthropicRequestBody(request({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/cat.jpg', detail: 'high' } }] }] }), options)).param).toBe(
      'messages[0].content[0].image_url.detail',
    );
  });

  it('sends a PDF file part as a base64 document block with its cache_control', () => {
    const body = mapAnthropicRequestBody(
      request({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQ=' }, cache_control: { type: 'ephemeral' } } as never, { type: 'text', text: 'Summarise' }] }] }),
      options,
    );
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQ=' }, cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'Summarise' },
        ],
      },
    ]);
    expect(anthropicSpec.check('BetaCreateMessageParams', body)).toEqual([]);
  });

  // Text and file sources postdate the 2024 spec; see https://docs.anthropic.com/en/docs/build-with-claude/citations (plain text documents)
  // and https://docs.anthropic.com/en/docs/build-with-claude/files (file_id sources).
  it('sends plain text files as text documents and file ids as file sources, with the filename as title', () => {
    const body = mapAnthropicRequestBody(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'file', file: { file_data: `data:text/plain;base64,${Buffer.from('héllo').toString('base64')}`, filename: 'note.txt' } },
              { type: 'file', file: { file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' } },
            ],
          },
        ],
      }),
      options,
    );
    expect(body.messages[0]!.content).toEqual([
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'héllo' }, title: 'note.txt' },
      { type: 'document', source: { type: 'file', file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' } },
    ]);
    expect(refusal(() => mapAnthropicRequestBody(request({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: 'data:image/gif;base64,R0lG' } }] }] }), options)).message).toBe(
      'anthropic: a file must be application/pdf or text/plain, got image/gif',
    );
  });
});

describe('params', () => {
  it('maps stop, temperature, top_p, top_k, user and stream', () => {
    const body = mapAnthropicRequestBody(request({ stop: 'END', temperature: 0.2, top_p: 0.9, top_k: 40, user: 'user-42', max_completion_tokens: 300 }), { ...options, stream: true });
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 300,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stop_sequences: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: 'user-42' },
      stream: true,
    });
    expect(anthropicSpec.check('BetaCreateMessageParams', body)).toEqual([]);
  });

  it('uses max_tokens, else the default given, else 4096, and refuses max_tokens and max_completion_tokens that disagree', () => {
    expect(mapAnthropicRequestBody(request({ max_tokens: 10, max_completion_tokens: 10 }), options).max_tokens).toBe(10);
    expect(mapAnthropicRequestBody(request({}), options).max_tokens).toBe(64000);
    expect(mapAnthropicRequestBody(request({}), { model: 'm', stream: false }).max_tokens).toBe(4096);
    expect(refusal(() => mapAnthropicRequestBody(request({ max_tokens: 10, max_completion_tokens: 20 }), options))).toEqual({
      status: 400,
      code: 'invalid_request',
      param: 'max_completion_tokens',
      message: 'anthropic: max_tokens and max_completion_tokens disagree; send one',
    });
  });

  it('leaves model out when none is given (Vertex AI names it in the URL)', () => {
    expect(mapAnthropicRequestBody(request({ max_tokens: 5 }), { stream: true })).toEqual({ max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], stream: true });
  });

  it('refuses n > 1 and accepts n = 1', () => {
    expect(refusal(() => mapAnthropicRequestBody(request({ n: 2 }), options))).toEqual({
      status: 400,
      code: 'unsupported_parameter',
      param: 'n',
      message: 'anthropic: Anthropic returns one choice per request; n must be 1',
    });
    expect(mapAnthropicRequestBody(request({ n: 1 }), options).messages).toHaveLength(1);
  });
});

describe('tools', () => {
  const tools: ChatRequest['tools'] = [{ type: 'function', function: { name: 'now' } }];

  it('maps each tool_choice (none, auto, a named function) and parallel_tool_calls: false alone', () => {
    expect(mapAnthropicRequestBody(request({ tools, tool_choice: 'none' }), options).tool_choice).toEqual({ type: 'none' });
    expect(mapAnthropicRequestBody(request({ tools, tool_choice: 'auto' }), options).tool_choice).toEqual({ type: 'auto' });
    expect(mapAnthropicRequestBody(request({ tools, tool_choice: { type: 'function', function: { name: 'now' } } }), options).tool_choice).toEqual({ type: 'tool', name: 'now' });
    expect(mapAnthropicRequestBody(request({ tools, parallel_tool_calls: false }), options).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(mapAnthropicRequestBody(request({ tools, parallel_tool_calls: true }), options).tool_choice).toBeUndefined();
    expect(refusal(() => mapAnthropicRequestBody(request({ tool_choice: 'required' }), options)).param).toBe('tool_choice');
  });

  it('gives a tool without parameters an empty object schema and keeps strict and cache_control', () => {
    const body = mapAnthropicRequestBody(
      request({ tools: [{ type: 'function', function: { name: 'now', strict: true }, cache_control: { type: 'ephemeral' } } as never] }),
      options,
    );
    expect(body.tools).toEqual([{ name: 'now', input_schema: { type: 'object', properties: {} }, strict: true, cache_control: { type: 'ephemeral' } }]);
  });
});

describe('reasoning and structured output', () => {
  // thinking postdates the 2024 spec; budgets per https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
  it('maps reasoning_effort to a thinking budget: minimal 1024, low 1024, medium 2048, high 4096, none to no thinking', () => {
    const budget = (effort: string) => mapAnthropicRequestBody(request({ reasoning_effort: effort }), options).thinking;
    expect([budget('minimal'), budget('low'), budget('medium'), budget('high'), budget('none')]).toEqual([
      { type: 'enabled', budget_tokens: 1024 },
      { type: 'enabled', budget_tokens: 1024 },
      { type: 'enabled', budget_tokens: 2048 },
      { type: 'enabled', budget_tokens: 4096 },
      undefined,
    ]);
    expect(refusal(() => budget('xhigh')).param).toBe('reasoning_effort');
  });

  it("passes Anthropic's own thinking object through and refuses it beside reasoning_effort", () => {
    expect(mapAnthropicRequestBody(request({ thinking: { type: 'enabled', budget_tokens: 10000 } }), options).thinking).toEqual({ type: 'enabled', budget_tokens: 10000 });
    expect(refusal(() => mapAnthropicRequestBody(request({ thinking: { type: 'enabled', budget_tokens: 10000 }, reasoning_effort: 'low' }), options))).toEqual({
      status: 400,
      code: 'invalid_request',
      param: 'reasoning_effort',
      message: 'anthropic: send either reasoning_effort or thinking, not both',
    });
  });

  // output_config postdates the 2024 spec; shape from https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs
  it('maps a json_schema response_format to output_config.format and refuses json_object', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    expect(mapAnthropicRequestBody(request({ response_format: { type: 'json_schema', json_schema: { name: 'place', schema, strict: true } } }), options).output_config).toEqual({
      format: { type: 'json_schema', schema },
    });
    expect(mapAnthropicRequestBody(request({ response_format: { type: 'text' } }), options).output_config).toBeUndefined();
    expect(refusal(() => mapAnthropicRequestBody(request({ response_format: { type: 'json_object' } }), options))).toEqual({
      status: 400,
      code: 'unsupported_parameter',
      param: 'response_format',
      message: "anthropic: Anthropic's structured outputs need a JSON schema; send response_format {type: 'json_schema', json_schema: {name, schema}}",
    });
  });
});
