import { GatewayError, type ChatRequest } from '@switchyard/core';
import { readCassette } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapCohereChatRequest } from './map-request.js';
import type { CohereSettings } from './settings.js';

const settings: CohereSettings = { baseUrl: 'https://api.cohere.com', apiKey: 'co-test-key-0001', headers: { authorization: 'Bearer co-test-key-0001' }, inputType: undefined };
const headers = { 'content-type': 'application/json', authorization: 'Bearer co-test-key-0001' };

function refusal(request: Partial<ChatRequest>): { code: string; param: string | null; message: string } {
  try {
    mapCohereChatRequest({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'hi' }], ...request }, settings, false);
  } catch (error) {
    if (!GatewayError.isGatewayError(error)) throw error;
    return { code: error.code, param: error.param, message: error.message };
  }
  throw new Error('expected a refusal');
}

describe('mapCohereChatRequest: the recorded Cohere requests, built from their OpenAI equivalents', () => {
  it('plain text (pydantic-ai test_request_simple_success_with_vcr)', () => {
    const [interaction] = readCassette('cohere/pydantic-ai/test_request_simple_success_with_vcr');
    const upstream = mapCohereChatRequest({ model: 'command-r7b-12-2024', messages: [{ role: 'user', content: 'hello' }] }, settings, false);
    expect(upstream).toStrictEqual({ url: interaction.request.uri, headers, body: interaction.request.body });
  });

  it('tools, then the tool result turn (pydantic-ai test_tool_choice_matrix[auto-cohere])', () => {
    const [first, second] = readCassette('cohere/pydantic-ai/test_tool_choice_matrix.auto-cohere');
    const tools: ChatRequest['tools'] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Get the current weather for a city.',
          parameters: { additionalProperties: false, properties: { city: { type: 'string' } }, required: ['city'], type: 'object' },
        },
      },
    ];
    const question = { role: 'user' as const, content: "What's the weather in Paris?" };
    expect(mapCohereChatRequest({ model: 'command-r7b-12-2024', messages: [question], tools, tool_choice: 'auto' }, settings, false).body).toStrictEqual(first.request.body);
    const followUp = mapCohereChatRequest(
      {
        model: 'command-r7b-12-2024',
        messages: [
          question,
          { role: 'assistant', content: null, tool_calls: [{ id: 'get_weather_9gpb31r7h7mj', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'get_weather_9gpb31r7h7mj', content: 'Sunny, 22C in Paris' },
        ],
        tools,
      },
      settings,
      false,
    );
    expect(followUp.body).toStrictEqual(second.request.body);
  });

  it("tool_choice 'required' → REQUIRED (pydantic-ai test_tool_choice_matrix[required-cohere])", () => {
    const [interaction] = readCassette('cohere/pydantic-ai/test_tool_choice_matrix.required-cohere');
    const upstream = mapCohereChatRequest(
      {
        model: 'command-r7b-12-2024',
        messages: [{ role: 'user', content: "What's the weather in Paris?" }],
        tools: [{ type: 'function', function: { name: 'get_weather', description: 'Get weather for a city', parameters: { properties: { city: { type: 'string' } }, required: ['city'], type: 'object' } } }],
        tool_choice: 'required',
      },
      settings,
      false,
    );
    expect(upstream.body).toStrictEqual(interaction.request.body);
  });

  it('an earlier reasoning turn sent back as thinking + text (pydantic-ai test_cohere_model_thinking_part, interaction 2)', () => {
    const interaction = readCassette('cohere/pydantic-ai/test_cohere_model_thinking_part')[1];
    const recorded = interaction.request.body as { messages: Array<{ content: unknown }> };
    const [thinking, text] = recorded.messages[1].content as [{ thinking: string }, { text: string }];
    const upstream = mapCohereChatRequest(
      {
        model: 'command-a-reasoning-08-2025',
        messages: [
          { role: 'user', content: 'How do I cross the street?' },
          { role: 'assistant', content: text.text, reasoning_content: thinking.thinking },
          { role: 'user', content: 'Considering the way to cross the street, analogously, how do I cross the river?' },
        ],
      },
      settings,
      false,
    );
    expect(upstream).toStrictEqual({ url: interaction.request.uri, headers, body: recorded });
  });
});

describe('mapCohereChatRequest: params (names from https://docs.cohere.com/reference/chat)', () => {
  it('maps every sampling param, response_format json_schema, reasoning_effort and the Cohere-only params', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'] };
    const documents = [{ id: 'doc:0', data: { text: 'AI provides: 1. Automation of tasks', title: 'benefits.txt' } }, 'a plain string document'];
    const upstream = mapCohereChatRequest(
      {
        model: 'command-a-reasoning-08-2025',
        messages: [{ role: 'system', content: 'Reply in JSON.' }, { role: 'user', content: 'Who?' }],
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        max_completion_tokens: 512,
        stop: 'END',
        seed: 7,
        frequency_penalty: 0.1,
        presence_penalty: 0.3,
        n: 1,
        response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema } },
        reasoning_effort: 'low',
        documents,
        citation_options: { mode: 'FAST' },
        safety_mode: 'STRICT',
        stream: true,
        stream_options: { include_usage: true },
      },
      { ...settings, baseUrl: 'http://127.0.0.1:9999' },
      true,
    );
    expect(upstream).toStrictEqual({
      url: 'http://127.0.0.1:9999/v2/chat',
      headers,
      body: {
        model: 'command-a-reasoning-08-2025',
        messages: [{ role: 'system', content: 'Reply in JSON.' }, { role: 'user', content: 'Who?' }],
        documents,
        citation_options: { mode: 'FAST' },
        safety_mode: 'STRICT',
        response_format: { type: 'json_object', json_schema: schema },
        max_tokens: 512,
        stop_sequences: ['END'],
        temperature: 0.2,
        p: 0.9,
        k: 40,
        seed: 7,
        frequency_penalty: 0.1,
        presence_penalty: 0.3,
        thinking: { type: 'enabled', token_budget: 4096 },
        stream: true,
      },
    });
  });

  it('maps json_object, leaves text out, and takes max_tokens when both token limits agree', () => {
    const base = { model: 'command-a-03-2025', messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(mapCohereChatRequest({ ...base, response_format: { type: 'json_object' }, max_tokens: 100, max_completion_tokens: 100, stop: ['a', 'b'] }, settings, false).body).toStrictEqual({
      ...base,
      response_format: { type: 'json_object' },
      max_tokens: 100,
      stop_sequences: ['a', 'b'],
      stream: false,
    });
    expect(mapCohereChatRequest({ ...base, response_format: { type: 'text' }, temperature: null, stop: null }, settings, false).body).toStrictEqual({ ...base, stream: false });
  });

  it('refuses n > 1, disagreeing token limits, a schema description and include_obfuscation', () => {
    expect(refusal({ n: 2 })).toStrictEqual({ code: 'unsupported_parameter', param: 'n', message: 'cohere: n: Cohere returns one choice per request; send n: 1 or leave it out' });
    expect(refusal({ max_tokens: 10, max_completion_tokens: 20 })).toStrictEqual({
      code: 'invalid_request',
      param: 'max_completion_tokens',
      message: 'cohere: max_completion_tokens: max_tokens (10) and max_completion_tokens (20) disagree; send one of them',
    });
    expect(refusal({ response_format: { type: 'json_schema', json_schema: { name: 'x', description: 'A person', schema: {} } } }).param).toBe('response_format.json_schema.description');
    expect(refusal({ stream_options: { include_obfuscation: true } }).param).toBe('stream_options.include_obfuscation');
  });
});
