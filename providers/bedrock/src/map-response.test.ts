import { readCassette, readFixtureJson } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapBedrockResponse } from './map-response.js';
import type { ConverseResponseBody } from './wire-types.js';

const meta = { id: 'chatcmpl-req-1', created: 1700000000, model: 'us.amazon.nova-micro-v1:0' };

function recorded(stem: string, interaction = 0): ConverseResponseBody {
  return JSON.parse(readCassette(stem)[interaction].response.body.toString('utf8')) as ConverseResponseBody;
}

describe('mapBedrockResponse', () => {
  it('maps text and usage (pydantic-ai test_bedrock_model)', () => {
    expect(mapBedrockResponse(recorded('bedrock/pydantic-ai/test_bedrock_model'), meta)).toEqual({
      id: 'chatcmpl-req-1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'us.amazon.nova-micro-v1:0',
      choices: [
        {
          index: 0,
          logprobs: null,
          message: { role: 'assistant', refusal: null, content: "Hello! How can I assist you today? Whether you have questions, need information, or just want to chat, I'm here to help." },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 7, completion_tokens: 30, total_tokens: 37 },
    });
  });

  it('maps max_tokens to length (pydantic-ai test_bedrock_model_max_tokens)', () => {
    const response = mapBedrockResponse(recorded('bedrock/pydantic-ai/test_bedrock_model_max_tokens'), meta);
    expect(response.choices).toEqual([{ index: 0, message: { role: 'assistant', refusal: null, content: 'The capital of France is' }, logprobs: null, finish_reason: 'length' }]);
  });

  it('maps a toolUse block to a tool call with content null and cache usage details (pydantic-ai test_tool_choice_matrix[required-bedrock])', () => {
    const response = mapBedrockResponse(recorded('bedrock/pydantic-ai/test_tool_choice_matrix.required-bedrock'), meta);
    expect({ choices: response.choices, usage: response.usage }).toEqual({
      choices: [
        {
          index: 0,
          logprobs: null,
          message: { role: 'assistant', refusal: null, content: null, tool_calls: [{ id: 'tooluse_BvssH5zaRF-PkYOc3BFYJA', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 655, completion_tokens: 38, total_tokens: 693, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } },
    });
  });

  it('maps reasoningContent to reasoning_content and a signed thinking block (pydantic-ai test_bedrock_model_thinking_part_anthropic)', () => {
    const body = recorded('bedrock/pydantic-ai/test_bedrock_model_thinking_part_anthropic');
    const reasoning = body.output!.message!.content![0].reasoningContent!.reasoningText!;
    const text = body.output!.message!.content![1].text!;
    expect(mapBedrockResponse(body, meta).choices[0]).toEqual({
      index: 0,
      logprobs: null,
      message: { role: 'assistant', refusal: null, content: text, reasoning_content: reasoning.text, thinking_blocks: [{ type: 'thinking', thinking: reasoning.text, signature: reasoning.signature }] },
      finish_reason: 'stop',
    });
    expect(reasoning.text).toMatch(/^This is a straightforward question/);
  });

  it('joins text blocks around parallel tool calls (vercel-ai amazon-bedrock-json-with-tools)', () => {
    const response = mapBedrockResponse(readFixtureJson('bedrock/vercel-ai/amazon-bedrock-json-with-tools.1.json'), meta);
    expect(response.choices[0].message).toEqual({
      role: 'assistant',
      refusal: null,
      content: 'Calling multiple tools.Finally the JSON response.',
      tool_calls: [
        { id: 'tool-1', type: 'function', function: { name: 'tool-a', arguments: '{"param":"a"}' } },
        { id: 'tool-2', type: 'function', function: { name: 'tool-b', arguments: '{"param":"b"}' } },
        { id: 'json-tool-id', type: 'function', function: { name: 'json', arguments: '{"final":"result"}' } },
      ],
    });
  });

  it('keeps a redacted reasoning block and the raw stop reason of a guardrail (body from the Converse API reference)', () => {
    const response = mapBedrockResponse(
      { output: { message: { role: 'assistant', content: [{ reasoningContent: { redactedContent: 'ZW5jcnlwdGVk' } }, { text: 'Sorry.' }] } }, stopReason: 'guardrail_intervened', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 } },
      meta,
    );
    expect(response.choices[0]).toEqual({
      index: 0,
      logprobs: null,
      message: { role: 'assistant', refusal: null, content: 'Sorry.', thinking_blocks: [{ type: 'redacted_thinking', data: 'ZW5jcnlwdGVk' }] },
      finish_reason: 'content_filter',
      provider_finish_reason: 'guardrail_intervened',
    });
  });

  it('refuses an answer without output.message.content', () => {
    expect(() => mapBedrockResponse({ stopReason: 'end_turn' }, meta)).toThrow(expect.objectContaining({ status: 502, code: 'upstream_invalid_response' }));
  });
});
