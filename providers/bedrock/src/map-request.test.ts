import type { ChatRequest } from '@switchyard/core';
import { readCassette } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { bedrockDeployment } from '../test/deployment.js';
import { checkBedrockShape } from '../test/service-model.js';
import { bedrockChatUrl, encodeBedrockModelId, mapBedrockChatRequest } from './map-request.js';
import { resolveBedrockSettings } from './settings.js';

const nova = resolveBedrockSettings(bedrockDeployment('us.amazon.nova-micro-v1:0'), {});
const claude = resolveBedrockSettings(bedrockDeployment('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), {});

function request(fields: Partial<ChatRequest>): ChatRequest {
  return { model: 'm', messages: [{ role: 'user', content: 'hi' }], ...fields };
}

/** The recorded request without pydantic-ai's empty `system: []` and `inferenceConfig: {}`, which say nothing. */
function recordedBody(stem: string, interaction = 0): Record<string, unknown> {
  const body = { ...(readCassette(stem)[interaction].request.body as Record<string, unknown>) };
  if (Array.isArray(body.system) && body.system.length === 0) delete body.system;
  if (JSON.stringify(body.inferenceConfig) === '{}') delete body.inferenceConfig;
  return body;
}

describe('URLs', () => {
  it('percent-encodes the model id as the AWS SDKs do (recorded URI of test_bedrock_model)', () => {
    const [interaction] = readCassette('bedrock/pydantic-ai/test_bedrock_model');
    expect(bedrockChatUrl('https://bedrock-runtime.us-east-1.amazonaws.com', nova, false)).toBe(interaction.request.uri);
  });

  it('encodes an ARN whole, slashes and colons included, for /converse-stream', () => {
    const arn = resolveBedrockSettings(bedrockDeployment('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3(x)'), {});
    expect(bedrockChatUrl('https://example.test', arn, true)).toBe(
      'https://example.test/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fa1b2c3%28x%29/converse-stream',
    );
    expect(encodeBedrockModelId("a!b'c*")).toBe('a%21b%27c%2A');
  });
});

describe('recorded pydantic-ai requests', () => {
  it('maps system + user text with no inference settings (test_bedrock_model)', () => {
    const body = mapBedrockChatRequest(request({ messages: [{ role: 'system', content: 'You are a chatbot.' }, { role: 'user', content: 'Hello!' }] }), nova);
    expect(body).toEqual(recordedBody('bedrock/pydantic-ai/test_bedrock_model'));
    expect(body).toEqual({ messages: [{ role: 'user', content: [{ text: 'Hello!' }] }], system: [{ text: 'You are a chatbot.' }] });
    expect(checkBedrockShape('ConverseRequest', body)).toEqual([]);
  });

  it('maps max_tokens to inferenceConfig.maxTokens (test_bedrock_model_max_tokens)', () => {
    const body = mapBedrockChatRequest(
      request({ messages: [{ role: 'system', content: 'You are a helpful chatbot.' }, { role: 'user', content: 'What is the capital of France?' }], max_tokens: 5 }),
      nova,
    );
    expect(body).toEqual(recordedBody('bedrock/pydantic-ai/test_bedrock_model_max_tokens'));
  });

  it('maps temperature 0 (test_bedrock_model_stream)', () => {
    const body = mapBedrockChatRequest(
      request({ messages: [{ role: 'system', content: 'You are a helpful chatbot.' }, { role: 'user', content: 'What is the capital of France?' }], temperature: 0 }),
      nova,
    );
    expect(body).toEqual(recordedBody('bedrock/pydantic-ai/test_bedrock_model_stream'));
  });

  it('maps tools and tool_choice required → any (test_tool_choice_matrix[required-bedrock]), max_tokens from the catalog for Claude', () => {
    const body = mapBedrockChatRequest(
      request({
        messages: [{ role: 'user', content: "What's the weather in Paris?" }],
        tools: [{ type: 'function', function: { name: 'get_weather', description: 'Get weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
        tool_choice: 'required',
      }),
      claude,
      { defaultMaxTokens: 64000 },
    );
    expect(body).toEqual({ ...recordedBody('bedrock/pydantic-ai/test_tool_choice_matrix.required-bedrock'), inferenceConfig: { maxTokens: 64000 } });
    expect(checkBedrockShape('ConverseRequest', body)).toEqual([]);
  });

  it('sends the assistant tool call and the tool result back in turn (test_tool_choice_matrix[auto-bedrock] turn 2)', () => {
    const body = mapBedrockChatRequest(
      request({
        messages: [
          { role: 'user', content: "What's the weather in Paris?" },
          { role: 'assistant', content: null, tool_calls: [{ id: 'tooluse_XjTErzm6TpyMMpDviNVY3g', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'tooluse_XjTErzm6TpyMMpDviNVY3g', content: 'Sunny, 22C in Paris' },
        ],
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              description: 'Get the current weather for a city.',
              parameters: { additionalProperties: false, properties: { city: { type: 'string' } }, required: ['city'], type: 'object' },
            },
          },
        ],
        tool_choice: 'auto',
      }),
      nova,
    );
    // pydantic-ai also sends status: 'success'; an OpenAI tool message does not say whether the tool failed.
    const recorded = recordedBody('bedrock/pydantic-ai/test_tool_choice_matrix.auto-bedrock', 1) as { messages: Array<{ content: Array<{ toolResult?: { status?: string } }> }> };
    delete recorded.messages[2].content[0].toolResult!.status;
    expect(body).toEqual(recorded);
    expect(checkBedrockShape('ConverseRequest', body)).toEqual([]);
  });

  it('sends thinking blocks back with their signatures and maps reasoning_effort to a budget (test_bedrock_model_thinking_part_anthropic turn 2)', () => {
    const recorded = recordedBody('bedrock/pydantic-ai/test_bedrock_model_thinking_part_anthropic', 1) as {
      messages: Array<{ content: Array<{ reasoningContent?: { reasoningText: { text: string; signature: string } }; text?: string }> }>;
    };
    const [thinking, answer] = recorded.messages[1].content;
    const body = mapBedrockChatRequest(
      request({
        messages: [
          { role: 'user', content: 'How do I cross the street?' },
          {
            role: 'assistant',
            content: answer.text!,
            reasoning_content: thinking.reasoningContent!.reasoningText.text,
            thinking_blocks: [{ type: 'thinking', thinking: thinking.reasoningContent!.reasoningText.text, signature: thinking.reasoningContent!.reasoningText.signature }],
          } as ChatRequest['messages'][number],
          { role: 'user', content: 'Considering the way to cross the street, analogously, how do I cross the river?' },
        ],
        reasoning_effort: 'low',
      }),
      claude,
    );
    expect(body).toEqual(recorded);
    expect(checkBedrockShape('ConverseRequest', body)).toEqual([]);
  });
});

describe('messages', () => {
  it('hoists system and developer messages, merges consecutive turns and tool results into one user turn', () => {
    const body = mapBedrockChatRequest(
      request({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] },
          { role: 'user', content: 'a' },
          { role: 'user', content: [{ type: 'text', text: 'b' }] },
          { role: 'assistant', content: '', tool_calls: [
            { id: 't1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
            { id: 't2', type: 'function', function: { name: 'g', arguments: '' } },
          ] },
          { role: 'tool', tool_call_id: 't1', content: 'r1' },
          { role: 'tool', tool_call_id: 't2', content: [{ type: 'text', text: 'r2' }] },
          { role: 'developer', content: 'late' },
          { role: 'user', content: 'c' },
        ],
        tools: [{ type: 'function', function: { name: 'f' } }, { type: 'function', function: { name: 'g', strict: true } }],
      }),
      nova,
    );
    expect(body).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'a' }, { text: 'b' }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'f', input: { x: 1 } } }, { toolUse: { toolUseId: 't2', name: 'g', input: {} } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'r1' }] } }, { toolResult: { toolUseId: 't2', content: [{ text: 'r2' }] } }, { text: 'c' }] },
      ],
      system: [{ text: 'one' }, { text: 'two' }, { text: 'late' }],
      toolConfig: {
        tools: [
          { toolSpec: { name: 'f', inputSchema: { json: { type: 'object', properties: {} } } } },
          { toolSpec: { name: 'g', inputSchema: { json: { type: 'object', properties: {} } }, strict: true } },
        ],
      },
    });
    expect(checkBedrockShape('ConverseRequest', body)).toEqual([]);
  });

  it('maps stop, top_p, max_completion_tokens, top_k and an explicit thinking for Claude', () => {
    const body = mapBedrockChatRequest(request({ stop: 'END', top_p: 0.9, max_completion_tokens: 3000, top_k: 40, thinking: { type: 'enabled', budget_tokens: 2000 } }), claude, { defaultMaxTokens: 64000 });
    expect(body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'hi' }] }],
      inferenceConfig: { maxTokens: 3000, topP: 0.9, stopSequences: ['END'] },
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2000 }, top_k: 40 },
    });
    expect(checkBedrockShape('ConverseRequest', body)).toEqual([]);
  });

  it.each([
    ['minimal', 1024],
    ['low', 1024],
    ['medium', 2048],
    ['high', 4096],
  ])('reasoning_effort %s is a thinking budget of %i tokens', (effort, budget) => {
    expect(mapBedrockChatRequest(request({ reasoning_effort: effort }), claude).additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: budget } });
  });

  it('does not default max_tokens for a model that does not need it', () => {
    expect(mapBedrockChatRequest(request({}), nova, { defaultMaxTokens: 10000 })).toEqual({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
  });

  it('maps response_format json_schema to outputConfig.textFormat with the schema as a string', () => {
    const body = mapBedrockChatRequest(
      request({ response_format: { type: 'json_schema', json_schema: { name: 'city', description: 'A city', schema: { type: 'object', properties: { city: { type: 'string' } } } } } }),
      nova,
    );
    expect(body.outputConfig).toEqual({
      textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: '{"type":"object","properties":{"city":{"type":"string"}}}', name: 'city', description: 'A city' } } },
    });
    expect(checkBedrockShape('ConverseRequest', body)).toEqual([]);
  });

  it.each([
    ['n > 1', request({ n: 2 }), { code: 'unsupported_parameter', param: 'n' }],
    ['a message name', request({ messages: [{ role: 'user', content: 'x', name: 'bob' }] }), { code: 'unsupported_parameter', param: 'messages[0].name' }],
    ['a function message', request({ messages: [{ role: 'function', name: 'f', content: 'x' }] }), { code: 'unsupported_parameter', param: 'messages[0].role' }],
    ['disagreeing max tokens', request({ max_tokens: 1, max_completion_tokens: 2 }), { code: 'invalid_request', param: 'max_completion_tokens' }],
    ['unparseable tool arguments', request({ messages: [{ role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{' } }] }] }), { code: 'invalid_request', param: 'messages[0].tool_calls[0].function.arguments' }],
    ['reasoning_effort on Nova', request({ reasoning_effort: 'low' }), { code: 'unsupported_parameter', param: 'reasoning_effort' }],
    ['json_object', request({ response_format: { type: 'json_object' } }), { code: 'unsupported_parameter', param: 'response_format.type' }],
  ])('refuses %s with a 400 naming the param', (_name, input, expected) => {
    expect(() => mapBedrockChatRequest(input, nova)).toThrow(expect.objectContaining({ status: 400, ...expected }));
  });
});
