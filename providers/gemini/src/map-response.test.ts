import { readFixtureJson } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapGeminiResponse } from './map-response.js';

const options = { provider: 'gemini', model: 'gemini-deployment-model', created: 1700000000 };
const fixture = (path: string): unknown => readFixtureJson(`gemini/${path}`);

describe('mapGeminiResponse', () => {
  it('maps a text answer with thinking tokens in the usage (pydantic-ai test_google_model)', () => {
    expect(mapGeminiResponse(fixture('pydantic-ai/test_google_model.1.response.json'), options)).toEqual({
      id: 'bzlXaa_EE_aHqtsPi_zw8Ao',
      object: 'chat.completion',
      created: 1700000000,
      model: 'gemini-2.5-flash',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help you today?', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 9, completion_tokens: 43, total_tokens: 52, completion_tokens_details: { reasoning_tokens: 34 } },
    });
  });

  it('maps MAX_TOKENS to length', () => {
    expect(mapGeminiResponse(fixture('pydantic-ai/test_google_model_max_tokens.1.response.json'), options)).toEqual({
      id: 'R5MoavWNNp_8qtsP2fWD2A0',
      object: 'chat.completion',
      created: 1700000000,
      model: 'gemini-2.5-flash',
      choices: [{ index: 0, message: { role: 'assistant', content: 'The capital of France is', refusal: null }, finish_reason: 'length', logprobs: null }],
      usage: { prompt_tokens: 15, completion_tokens: 5, total_tokens: 20 },
    });
  });

  it('gives a function call a stable id made from the responseId, content null, finish_reason tool_calls', () => {
    expect(mapGeminiResponse(fixture('pydantic-ai/test_google_tool_output.2.response.json'), options)).toEqual({
      id: 'LlteaOzCOPOdnvgPrJbnoQg',
      object: 'chat.completion',
      created: 1700000000,
      model: 'gemini-2.0-flash',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'call_LlteaOzCOPOdnvgPrJbnoQg_0_0', type: 'function', function: { name: 'final_result', arguments: '{"city":"Mexico City","country":"Mexico"}' } }] },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 47, completion_tokens: 8, total_tokens: 55 },
    });
  });

  it('keeps a Gemini 3 function call thought signature on the tool call', () => {
    const response = mapGeminiResponse(fixture('vercel-ai/google-tool-call-gemini3.json'), options);
    expect(response.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            {
              id: 'call_JniLacKqGqH0xs0P0O776As_0_0',
              type: 'function',
              function: { name: 'weather', arguments: '{"location":"San Francisco"}' },
              provider_specific_fields: { thought_signature: 'Eqo+Cqc+Ab4+9vtgONaaz6qwy6WXdp7gCd2w0X+Wz2gaBgY0Gv6A12JKo0y5vQwf9YQFyhMbKr1E9m17VT6HXd7jXzjaGYaE' },
            },
          ],
        },
        finish_reason: 'tool_calls',
        logprobs: null,
      },
    ]);
    expect(response.usage).toEqual({ prompt_tokens: 29, completion_tokens: 1816, total_tokens: 1845, completion_tokens_details: { reasoning_tokens: 1801 } });
  });

  it('keeps a text part signature on the message', () => {
    expect(mapGeminiResponse(fixture('vercel-ai/google-reasoning.json'), options).choices[0]!.message).toEqual({
      role: 'assistant',
      content: 'There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.',
      refusal: null,
      provider_specific_fields: { thought_signatures: ['EvsFCvgFAb4+9vtgYAdOcxMwBr9AOT6XX6Pz5SYAd9gXb/bmH4iLHlJ/3D3xudRmJGM9BBxdQZ1WGuRdZJ2CkdRKCCVVn/cqmSjH'] },
    });
  });

  it("takes Vertex's createTime as created", () => {
    const response = mapGeminiResponse(fixture('pydantic-ai/test_google_model_vertex_provider.1.response.json'), options);
    expect([response.created, response.model, response.choices[0]!.message.content]).toEqual([1751014101, 'gemini-2.0-flash', 'The capital of France is Paris.\n']);
  });

  it('turns a blocked prompt into a content policy violation (pydantic-ai model armor cassette)', () => {
    expect(() => mapGeminiResponse(fixture('pydantic-ai/test_google_model_armor_prompt_template_text_gets_blocked.2.response.json'), { ...options, provider: 'vertex_ai' })).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'content_policy_violation',
        errorClass: 'ContentPolicyViolationError',
        message: 'vertex_ai: the prompt was blocked (MODEL_ARMOR): The prompt violated Prompt Injection and Jailbreak filters.',
      }),
    );
  });

  // Built from the API reference (https://ai.google.dev/api/generate-content#generatecontentresponse): no recording
  // has thought parts, two candidates, logprobs, cached tokens and a SAFETY stop together.
  it('maps thoughts, several candidates, logprobs, cached tokens and a safety stop (from the API reference)', () => {
    const body = {
      candidates: [
        {
          index: 0,
          content: { role: 'model', parts: [{ text: 'Thinking about it.', thought: true }, { text: 'Hi' }] },
          finishReason: 'STOP',
          logprobsResult: { chosenCandidates: [{ token: 'Hi', tokenId: 1, logProbability: -0.25 }], topCandidates: [{ candidates: [{ token: 'Hi', logProbability: -0.25 }, { token: 'Hé', logProbability: -2 }] }] },
        },
        { index: 1, content: { role: 'model', parts: [] }, finishReason: 'SAFETY' },
      ],
      usageMetadata: { promptTokenCount: 100, cachedContentTokenCount: 60, candidatesTokenCount: 3, thoughtsTokenCount: 4, totalTokenCount: 107 },
      modelVersion: 'gemini-2.5-pro',
      responseId: 'r1',
    };
    expect(mapGeminiResponse(body, options)).toEqual({
      id: 'r1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'gemini-2.5-pro',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hi', refusal: null, reasoning_content: 'Thinking about it.' },
          finish_reason: 'stop',
          logprobs: {
            content: [{ token: 'Hi', logprob: -0.25, bytes: [72, 105], top_logprobs: [{ token: 'Hi', logprob: -0.25, bytes: [72, 105] }, { token: 'Hé', logprob: -2, bytes: [72, 195, 169] }] }],
            refusal: null,
          },
        },
        { index: 1, message: { role: 'assistant', content: null, refusal: null }, finish_reason: 'content_filter', logprobs: null, provider_finish_reason: 'SAFETY' },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 7, total_tokens: 107, prompt_tokens_details: { cached_tokens: 60 }, completion_tokens_details: { reasoning_tokens: 4 } },
    });
  });
});
