import { join } from 'node:path';
import { openAPIValidator, readFixtureJson, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapMistralEmbeddingsResponse, mapMistralResponse } from './map-response.js';
import type { MistralChatResponse } from './wire-types.js';

const openAISpec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));

function mapped(body: MistralChatResponse) {
  const response = mapMistralResponse(body, 'deployment-model');
  expect(openAISpec.check('CreateChatCompletionResponse', response)).toStrictEqual([]);
  return response;
}

describe('mapMistralResponse', () => {
  it('maps a text answer (vercel-ai mistral-text), tool_calls: null dropped', () => {
    const response = mapped(readFixtureJson('mistral/vercel-ai/mistral-text.json'));
    expect({ ...response, choices: response.choices.map((choice) => ({ ...choice, message: { ...choice.message, content: (choice.message.content as string).slice(0, 40) } })) }).toStrictEqual({
      id: '5319bd0299614c679a0068a4f2c8ffd0',
      object: 'chat.completion',
      created: 1769088720,
      model: 'mistral-small-latest',
      choices: [{ index: 0, message: { role: 'assistant', content: '**Holiday Name: "World Kindness Day of S', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 13, completion_tokens: 434, total_tokens: 447 },
    });
  });

  it('maps tool calls with null content and cached tokens (pydantic-ai test_tool_choice_matrix[auto-mistral] 1)', () => {
    expect(mapped(readFixtureJson('mistral/pydantic-ai/test_tool_choice_matrix.auto-mistral.1.response.json'))).toStrictEqual({
      id: '1ecfb2eb89144df48968ae279308e0ee',
      object: 'chat.completion',
      created: 1769718252,
      model: 'mistral-large-latest',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'KikbB849t', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }] },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 77, completion_tokens: 12, total_tokens: 89, prompt_tokens_details: { cached_tokens: 76 } },
    });
  });

  it('splits thinking and text chunks (vercel-ai mistral-reasoning)', () => {
    expect(mapped(readFixtureJson('mistral/vercel-ai/mistral-reasoning.json')).choices[0].message).toStrictEqual({
      role: 'assistant',
      content: '2 + 2 = 4',
      refusal: null,
      reasoning_content: 'The user is asking for 2+2. This is basic arithmetic. 2+2=4.',
    });
  });

  it('keeps a signed thinking chunk as a thinking block and serialises object arguments (from the ThinkChunk and FunctionCall schemas)', () => {
    const response = mapped({
      id: 'x',
      created: 1,
      model: 'm',
      choices: [
        {
          index: 0,
          message: {
            content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'hm' }], signature: 'c2ln' }],
            tool_calls: [{ id: 'abcdefghi', function: { name: 'f', arguments: { a: 1 } } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
    });
    expect(response.choices[0].message).toStrictEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [{ id: 'abcdefghi', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
      reasoning_content: 'hm',
      thinking_blocks: [{ type: 'thinking', thinking: 'hm', signature: 'c2ln' }],
    });
    expect(response.usage).toBeUndefined();
  });

  it('maps model_length to length, keeping the raw reason, and fails on finish_reason error', () => {
    const body = (finish: string): MistralChatResponse => ({ id: 'x', created: 1, model: 'm', choices: [{ index: 0, message: { content: 'a' }, finish_reason: finish }] });
    expect(mapMistralResponse(body('model_length'), 'm').choices[0]).toStrictEqual({
      index: 0,
      message: { role: 'assistant', content: 'a', refusal: null },
      logprobs: null,
      finish_reason: 'length',
      provider_finish_reason: 'model_length',
    });
    expect(() => mapMistralResponse(body('error'), 'm')).toThrow('mistral: generation failed part way (finish_reason "error")');
  });

  it('refuses a body without choices as upstream_invalid_response', () => {
    expect(() => mapMistralResponse({ id: 'x' }, 'm')).toThrow('mistral answered without a choices list');
  });
});

describe('mapMistralEmbeddingsResponse', () => {
  it('maps the embeddings example of Mistral’s OpenAPI document', () => {
    const response = mapMistralEmbeddingsResponse(
      { id: 'e', object: 'list', model: 'mistral-embed', data: [{ object: 'embedding', embedding: [0.1, 0.2], index: 0 }], usage: { prompt_tokens: 15, completion_tokens: 0, total_tokens: 15 } },
      'deployment-model',
    );
    expect(response).toStrictEqual({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], model: 'mistral-embed', usage: { prompt_tokens: 15, total_tokens: 15 } });
    expect(openAISpec.check('CreateEmbeddingResponse', response)).toStrictEqual([]);
  });
});
