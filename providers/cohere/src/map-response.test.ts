import { join } from 'node:path';
import { UpstreamError } from '@switchyard/core';
import { openAPIValidator, readCassette, readFixtureJson, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapCohereResponse } from './map-response.js';
import type { CohereChatResponse } from './wire-types.js';

const spec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));
const meta = { model: 'command-r7b-12-2024', created: 1767225600, fallbackId: 'chatcmpl-request-1' };

function cassetteBody(stem: string, index = 0): CohereChatResponse {
  return JSON.parse(readCassette(stem)[index].response.body.toString('utf8')) as CohereChatResponse;
}

describe('mapCohereResponse', () => {
  it('maps a text answer (vercel-ai cohere-text)', () => {
    const completion = mapCohereResponse(readFixtureJson('cohere/vercel-ai/cohere-text.json'), meta);
    expect(completion).toStrictEqual({
      id: 'e7592632-1e3d-424f-b129-bd5f9f980f7b',
      object: 'chat.completion',
      created: 1767225600,
      model: 'command-r7b-12-2024',
      choices: [{ index: 0, message: { role: 'assistant', content: 'The capital of France is Paris.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 507, completion_tokens: 10, total_tokens: 517, prompt_tokens_details: { cached_tokens: 448 }, billed_units: { input_tokens: 12, output_tokens: 7 } },
    });
    expect(spec.check('CreateChatCompletionResponse', completion)).toStrictEqual([]);
  });

  it('maps MAX_TOKENS to length (vercel-ai cohere-max-tokens)', () => {
    const completion = mapCohereResponse(readFixtureJson('cohere/vercel-ai/cohere-max-tokens.json'), meta);
    expect([completion.choices[0].message.content, completion.choices[0].finish_reason]).toStrictEqual(['**The History of', 'length']);
  });

  it('maps tool calls with content null and the tool_plan as reasoning_content (pydantic-ai test_tool_choice_matrix[auto-cohere])', () => {
    const completion = mapCohereResponse(cassetteBody('cohere/pydantic-ai/test_tool_choice_matrix.auto-cohere'), meta);
    expect(completion).toStrictEqual({
      id: '5481bf9b-876e-487f-88fe-6b59a9a5b96c',
      object: 'chat.completion',
      created: 1767225600,
      model: 'command-r7b-12-2024',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            reasoning_content: "I will use the 'get_weather' tool to find the weather in Paris.",
            tool_calls: [{ id: 'get_weather_9gpb31r7h7mj', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 1441, completion_tokens: 54, total_tokens: 1495, prompt_tokens_details: { cached_tokens: 144 }, billed_units: { input_tokens: 41, output_tokens: 25 } },
    });
    expect(spec.check('CreateChatCompletionResponse', completion)).toStrictEqual([]);
  });

  it('keeps the arguments Cohere wrote for a call without arguments (vercel-ai cohere-null-args)', () => {
    const completion = mapCohereResponse(readFixtureJson('cohere/vercel-ai/cohere-null-args.json'), meta);
    expect(completion.choices[0].message.tool_calls).toStrictEqual([{ id: 'currentTime_tf4dywn8wgnk', type: 'function', function: { name: 'currentTime', arguments: 'null' } }]);
  });

  it('keeps citations on the message (vercel-ai cohere-citations; pydantic-ai tool citations)', () => {
    const body = readFixtureJson<CohereChatResponse>('cohere/vercel-ai/cohere-citations.json');
    const completion = mapCohereResponse(body, meta);
    expect(completion.choices[0].message).toStrictEqual({
      role: 'assistant',
      content: 'The key benefits mentioned in this document are:\n1. Automation of tasks\n2. Better decision-making\n3. Cost reduction',
      refusal: null,
      citations: body.message?.citations,
    });
    const toolAnswer = cassetteBody('cohere/pydantic-ai/test_tool_choice_matrix.auto-cohere', 1);
    expect(mapCohereResponse(toolAnswer, meta).choices[0].message.citations).toStrictEqual(toolAnswer.message?.citations);
    expect(spec.check('CreateChatCompletionResponse', completion)).toStrictEqual([]);
  });

  it('maps thinking content to reasoning_content (pydantic-ai test_cohere_model_thinking_part, interaction 2)', () => {
    const body = cassetteBody('cohere/pydantic-ai/test_cohere_model_thinking_part', 1);
    const [thinking, text] = body.message!.content! as [{ thinking: string }, { text: string }];
    const completion = mapCohereResponse(body, { ...meta, model: 'command-a-reasoning-08-2025' });
    expect(completion.choices[0]).toStrictEqual({
      index: 0,
      message: { role: 'assistant', content: text.text, refusal: null, reasoning_content: thinking.thinking },
      logprobs: null,
      finish_reason: 'stop',
    });
    expect(completion.usage).toStrictEqual({ prompt_tokens: 2190, completion_tokens: 1257, total_tokens: 3447, billed_units: { input_tokens: 431, output_tokens: 661 } });
    expect(thinking.thinking.startsWith('Okay, the user is asking how to cross a river')).toBe(true);
  });

  it('throws for finish_reason ERROR and for a body without a message (from the reference: finish_reason enum)', () => {
    const failed = (() => {
      try {
        mapCohereResponse({ id: 'x', finish_reason: 'ERROR', message: { role: 'assistant', content: [] } }, meta);
      } catch (error) {
        return error as UpstreamError;
      }
    })();
    expect([failed?.errorClass, failed?.status, failed?.message]).toStrictEqual(['InternalServerError', 502, 'cohere: the generation ended with finish_reason ERROR']);
    expect(() => mapCohereResponse({ id: 'x' }, meta)).toThrow('cohere answered /v2/chat without a message');
  });
});
