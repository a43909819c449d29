import { readFixtureJson } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapAnthropicResponse } from './map-response.js';

const options = { provider: 'anthropic', model: 'claude-deployment', created: 1_700_000_000 };

describe('mapAnthropicResponse', () => {
  it('maps a text answer with usage (pydantic-ai test_anthropic_model_instructions)', () => {
    const body = readFixtureJson('anthropic/pydantic-ai/test_anthropic_model_instructions.1.response.json');
    expect(mapAnthropicResponse(body, options)).toStrictEqual({
      id: 'msg_01Fg1JVgvCYUHWsxrj9GkpEv',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'claude-3-opus-20240229',
      choices: [{ index: 0, message: { role: 'assistant', content: 'The capital of France is Paris.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } },
    });
  });

  it('maps a tool_use answer to tool_calls with null content (pydantic-ai test_anthropic_tool_output, 2nd answer)', () => {
    const body = readFixtureJson('anthropic/pydantic-ai/test_anthropic_tool_output.2.response.json');
    expect(mapAnthropicResponse(body, options)).toStrictEqual({
      id: 'msg_01K4Fzcf1bhiyLzHpwLdrefj',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [{ id: 'toolu_01LZABsgreMefH2Go8D5PQbW', type: 'function', function: { name: 'final_result', arguments: '{"city":"Mexico City","country":"Mexico"}' } }],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 497, completion_tokens: 56, total_tokens: 553, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } },
    });
  });

  it('maps thinking to reasoning_content and thinking_blocks with the signature (pydantic-ai test_anthropic_model_thinking_part)', () => {
    const body = readFixtureJson<{ content: Array<{ thinking?: string; signature?: string; text?: string }> }>('anthropic/pydantic-ai/test_anthropic_model_thinking_part.1.response.json');
    const [thinking, text] = body.content as [{ thinking: string; signature: string }, { text: string }];
    const mapped = mapAnthropicResponse(body, options);
    expect(mapped.choices).toStrictEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text.text,
          refusal: null,
          reasoning_content: 'This is a straightforward question about pedestrian safety. I should provide clear, practical advice about crossing the street safely.',
          thinking_blocks: [{ type: 'thinking', thinking: thinking.thinking, signature: thinking.signature }],
        },
        logprobs: null,
        finish_reason: 'stop',
      },
    ]);
    expect(thinking.signature.startsWith('Eq8CCkYICxgCKkDdadQOXMzNBqjrNVAKWsgUfg49')).toBe(true);
    expect(mapped.usage).toStrictEqual({ prompt_tokens: 43, completion_tokens: 321, total_tokens: 364, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } });
  });

  it('maps a refusal to content_filter and keeps the raw stop_reason (vercel-ai anthropic-refusal)', () => {
    const body = readFixtureJson('anthropic/vercel-ai/anthropic-refusal.json');
    expect(mapAnthropicResponse(body, options).choices).toStrictEqual([
      { index: 0, message: { role: 'assistant', content: null, refusal: null }, logprobs: null, finish_reason: 'content_filter', provider_finish_reason: 'refusal' },
    ]);
  });

  it('keeps redacted thinking whole and adds cache reads and writes to prompt_tokens', () => {
    const mapped = mapAnthropicResponse(
      {
        id: 'msg_1',
        type: 'message',
        model: 'claude-opus-4-1',
        content: [{ type: 'redacted_thinking', data: 'EmwKAhgBEgy' }, { type: 'text', text: 'Done.' }],
        stop_reason: 'stop_sequence',
        stop_sequence: '###',
        usage: { input_tokens: 12, cache_read_input_tokens: 1000, cache_creation_input_tokens: 250, output_tokens: 40, output_tokens_details: { thinking_tokens: 30 } },
      },
      options,
    );
    expect(mapped.choices).toStrictEqual([
      { index: 0, message: { role: 'assistant', content: 'Done.', refusal: null, thinking_blocks: [{ type: 'redacted_thinking', data: 'EmwKAhgBEgy' }] }, logprobs: null, finish_reason: 'stop', provider_finish_reason: 'stop_sequence' },
    ]);
    expect(mapped.usage).toStrictEqual({
      prompt_tokens: 1262,
      completion_tokens: 40,
      total_tokens: 1302,
      prompt_tokens_details: { cached_tokens: 1000, cache_creation_tokens: 250 },
      completion_tokens_details: { reasoning_tokens: 30 },
    });
  });

  it('maps pause_turn to stop, says so in provider_finish_reason, and reports the deployment model when none is sent', () => {
    const mapped = mapAnthropicResponse({ id: 'msg_2', content: [{ type: 'text', text: 'Searching…' }], stop_reason: 'pause_turn' }, options);
    expect(mapped).toStrictEqual({
      id: 'msg_2',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'claude-deployment',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Searching…', refusal: null }, logprobs: null, finish_reason: 'stop', provider_finish_reason: 'pause_turn' }],
    });
  });

  it('throws the error an answer of type error reports', () => {
    let thrown: unknown;
    try {
      mapAnthropicResponse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ status: 503, code: 'service_unavailable', errorClass: 'ServiceUnavailableError', message: 'anthropic: Overloaded', upstreamStatus: 529 });
  });
});
