import { readFixtureJson } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapVertexResponse } from './map-response.js';

describe('mapVertexResponse', () => {
  it("maps a recorded Vertex Gemini answer (pydantic-ai test_google_model_vertex_provider), created from Vertex's createTime", () => {
    const body = readFixtureJson('gemini/pydantic-ai/test_google_model_vertex_provider.1.response.json');
    expect(mapVertexResponse(body, { publisher: 'google', model: 'gemini-2.0-flash', created: 1 })).toEqual({
      id: '1VpeaKq4CfH_2PgPh_z--AY',
      object: 'chat.completion',
      // createTime 2025-06-27T08:48:21.154666Z
      created: 1751014101,
      model: 'gemini-2.0-flash',
      choices: [{ index: 0, message: { role: 'assistant', content: 'The capital of France is Paris.\n', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 },
    });
  });

  it('turns a prompt Model Armor blocked on Vertex (recorded: pydantic-ai armor cassette) into a content-policy error', () => {
    const body = readFixtureJson('gemini/pydantic-ai/test_google_model_armor_prompt_template_text_gets_blocked.2.response.json');
    expect(() => mapVertexResponse(body, { publisher: 'google', model: 'gemini-2.5-flash', created: 1 })).toThrow(
      expect.objectContaining({
        errorClass: 'ContentPolicyViolationError',
        status: 400,
        code: 'content_policy_violation',
        provider: 'vertex_ai',
        message: 'vertex_ai: the prompt was blocked (MODEL_ARMOR): The prompt violated Prompt Injection and Jailbreak filters.',
      }),
    );
  });

  it('maps a Claude Message (recorded: pydantic-ai test_anthropic_tool_output; rawPredict answers the same shape) with its tool call', () => {
    const body = readFixtureJson('anthropic/pydantic-ai/test_anthropic_tool_output.1.response.json');
    expect(mapVertexResponse(body, { publisher: 'anthropic', model: 'claude-sonnet-4-5@20250929', created: 1700000000 })).toEqual({
      id: 'msg_012TXW181edhmR5JCsQRsBKx',
      object: 'chat.completion',
      created: 1700000000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'toolu_01X9wcHKKAZD9tBC711xipPa', type: 'function', function: { name: 'get_user_country', arguments: '{}' } }] },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 445, completion_tokens: 23, total_tokens: 468, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } },
    });
  });
});
