import { join } from 'node:path';
import { openAPIValidator, readFixtureJson, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapOllamaCreatedAt, mapOllamaResponse, type OllamaAnswerContext } from './map-response.js';

const openAISpec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));

function context(): OllamaAnswerContext {
  let next = 0;
  return { id: 'chatcmpl-test', now: 1_700_000_000, newToolCallId: () => `call_generated_${next++}`, model: 'deployment-model' };
}

// The example response of POST /api/chat in Ollama's openapi.yaml.
const specExample = {
  model: 'gemma4',
  created_at: '2025-10-17T23:14:07.414671Z',
  message: { role: 'assistant', content: 'Hello! How can I help you today?' },
  done: true,
  done_reason: 'stop',
  total_duration: 174560334,
  load_duration: 101397084,
  prompt_eval_count: 11,
  prompt_eval_duration: 13074791,
  eval_count: 18,
  eval_duration: 52479709,
};

describe('mapOllamaResponse', () => {
  it('maps a text answer (the /api/chat example of openapi.yaml)', () => {
    const response = mapOllamaResponse(specExample, context());
    expect(response).toEqual({
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1760742847,
      model: 'gemma4',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help you today?', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 11, completion_tokens: 18, total_tokens: 29 },
    });
    expect(openAISpec.check('CreateChatCompletionResponse', response)).toEqual([]);
  });

  it('maps a tool call without an id, giving it one (ollama-docs chat-request-no-streaming-with-tools)', () => {
    const response = mapOllamaResponse(readFixtureJson('ollama/ollama-docs/chat-request-no-streaming-with-tools.response.json'), context());
    expect(response).toEqual({
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1751920373,
      model: 'llama3.2',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'call_generated_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }] },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 169, completion_tokens: 18, total_tokens: 187 },
    });
    expect(openAISpec.check('CreateChatCompletionResponse', response)).toEqual([]);
  });

  it("keeps the ids of Ollama 0.12+ and the thinking trace as reasoning_content", () => {
    const body = {
      model: 'qwen3',
      created_at: '2025-10-26T17:15:24.097767Z',
      message: {
        role: 'assistant',
        content: '',
        thinking: 'Two cities, two calls.',
        tool_calls: [
          { id: 'call_k3n9x2pq', function: { index: 0, name: 'get_temperature', arguments: { city: 'New York' } } },
          { id: 'call_w81hz0ad', function: { index: 1, name: 'get_temperature', arguments: { city: 'London', unit: 'c' } } },
        ],
      },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 140,
      eval_count: 52,
    };
    expect(mapOllamaResponse(body, context()).choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          refusal: null,
          reasoning_content: 'Two cities, two calls.',
          tool_calls: [
            { id: 'call_k3n9x2pq', type: 'function', function: { name: 'get_temperature', arguments: '{"city":"New York"}' } },
            { id: 'call_w81hz0ad', type: 'function', function: { name: 'get_temperature', arguments: '{"city":"London","unit":"c"}' } },
          ],
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ]);
  });

  it('maps an answer without done_reason to a null finish (ollama-docs chat-request-with-images, written before done_reason existed)', () => {
    const response = mapOllamaResponse(readFixtureJson('ollama/ollama-docs/chat-request-with-images.response.json'), context());
    expect(response.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content:
          " The image features a cute, little pig with an angry facial expression. It's wearing a heart on its shirt and is waving in the air. This scene appears to be part of a drawing or sketching project.",
        refusal: null,
      },
      logprobs: null,
      finish_reason: null,
    });
  });

  it('keeps an unknown done_reason next to a null finish, and length as length', () => {
    expect(mapOllamaResponse({ ...specExample, done_reason: 'load' }, context()).choices[0]).toMatchObject({ finish_reason: null, provider_finish_reason: 'load' });
    expect(mapOllamaResponse({ ...specExample, done_reason: 'length' }, context()).choices[0].finish_reason).toBe('length');
  });

  it('uses the deployment model and the call time only when Ollama gives none', () => {
    const response = mapOllamaResponse({ message: { role: 'assistant', content: 'hi' }, done: true, done_reason: 'stop' }, context());
    expect({ model: response.model, created: response.created, usage: response.usage }).toEqual({ model: 'deployment-model', created: 1_700_000_000, usage: undefined });
  });

  it('refuses a body that is not an object', () => {
    expect(() => mapOllamaResponse([1], context())).toThrow('ollama answered with JSON that is not an object');
  });
});

describe('mapOllamaCreatedAt', () => {
  it('reads nanosecond timestamps with any offset', () => {
    expect(mapOllamaCreatedAt('2023-08-04T08:52:19.385406455-07:00', 0)).toBe(1691164339);
    expect(mapOllamaCreatedAt('not a date', 42)).toBe(42);
  });
});
