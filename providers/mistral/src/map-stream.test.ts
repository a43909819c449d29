import { join } from 'node:path';
import { parseSse, type ChatChunk, type UpstreamEvent } from '@switchyard/core';
import { openAPIValidator, readFixture, readFixtureText, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapMistralStream } from './map-stream.js';

const openAISpec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));

async function* eventsOf(data: string[]): AsyncGenerator<UpstreamEvent> {
  for (const item of data) yield { data: item };
}

/** vercel-ai's `.chunks.txt` lines (one Mistral event each), then [DONE]. */
function chunkLines(path: string): string[] {
  return [...readFixtureText(path).split('\n').filter((line) => line.trim() !== ''), '[DONE]'];
}

async function run(data: string[] | AsyncIterable<UpstreamEvent>, includeUsage = false): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of mapMistralStream(Array.isArray(data) ? eventsOf(data) : data, includeUsage, 'deployment-model')) chunks.push(chunk);
  for (const chunk of chunks) expect(openAISpec.check('CreateChatCompletionStreamResponse', chunk)).toStrictEqual([]);
  return chunks;
}

async function failureOf(data: string[]): Promise<unknown> {
  try {
    await run(data);
  } catch (error) {
    const { status, code, message } = error as { status: number; code: string; message: string };
    return { status, code, message };
  }
  throw new Error('expected the stream to fail');
}

const head = { id: 'a4e29c5b82f94d67b23e108a7c9df6e1', object: 'chat.completion.chunk', created: 1769088912, model: 'magistral-medium-2507' };

describe('mapMistralStream', () => {
  it('maps thinking deltas to reasoning_content and text deltas to content (vercel-ai mistral-reasoning)', async () => {
    expect(await run(chunkLines('mistral/vercel-ai/mistral-reasoning.chunks.txt'), true)).toStrictEqual([
      { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '', reasoning_content: 'The user is asking' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { reasoning_content: ' for 2+2. This is basic arithmetic. 2+2=4.' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { content: '2 + 2 = 4' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...head, choices: [], usage: { prompt_tokens: 10, completion_tokens: 46, total_tokens: 56 } },
    ]);
  });

  it('reads the recorded SSE through core’s parser and skips empty deltas (pydantic-ai thinking_part_iter)', async () => {
    const body = readFixture('mistral/pydantic-ai/test_mistral_model_thinking_part_iter.1.response.sse');
    async function* bytes() {
      yield new Uint8Array(body);
    }
    const chunks = await run(parseSse(bytes()));
    // 158 events: the empty second delta and the empty thinking list that closes the reasoning send nothing.
    expect(chunks.length).toBe(156);
    expect(chunks.filter((chunk) => chunk.choices[0].delta.content === '' || chunk.choices[0].delta.reasoning_content === '').length).toBe(1);
  });

  it('sends a tool call as its opening delta, then its arguments, with index counting calls from 0', async () => {
    const event = (choice: unknown) => JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 2, model: 'mistral-large-latest', choices: [choice] });
    const chunks = await run([
      event({ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }),
      event({
        index: 0,
        delta: { content: '', tool_calls: [{ id: 'D681PevKs', function: { name: 'get_weather', arguments: '{"city": "Paris"}' }, index: 0 }, { id: 'A7tQ2bXw9', function: { name: 'get_weather', arguments: '{"city": "London"}' }, index: 1 }] },
        finish_reason: 'tool_calls',
      }),
      '[DONE]',
    ]);
    const choice = (delta: unknown, finish: string | null = null) => ({ id: 'c', object: 'chat.completion.chunk', created: 2, model: 'mistral-large-latest', choices: [{ index: 0, delta, finish_reason: finish }] });
    expect(chunks).toStrictEqual([
      choice({ role: 'assistant', content: '' }),
      choice({ tool_calls: [{ index: 0, id: 'D681PevKs', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Paris"}' } }] }),
      choice({ tool_calls: [{ index: 1, id: 'A7tQ2bXw9', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      choice({ tool_calls: [{ index: 1, function: { arguments: '{"city": "London"}' } }] }),
      choice({}, 'tool_calls'),
    ]);
  });

  it('keeps each choice apart when n > 1 and sends usage once, from the last event', async () => {
    const event = (choices: unknown[], usage?: unknown) => JSON.stringify({ id: 'n', object: 'chat.completion.chunk', created: 3, model: 'm', choices, ...(usage ? { usage } : {}) });
    const chunks = await run(
      [
        event([{ index: 0, delta: { role: 'assistant', content: 'A' }, finish_reason: null }]),
        event([{ index: 1, delta: { role: 'assistant', content: 'B' }, finish_reason: null }]),
        event([{ index: 0, delta: { content: '' }, finish_reason: 'stop' }]),
        event([{ index: 1, delta: { content: '' }, finish_reason: 'model_length' }], { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 }),
        '[DONE]',
      ],
      true,
    );
    const base = { id: 'n', object: 'chat.completion.chunk', created: 3, model: 'm' };
    expect(chunks).toStrictEqual([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'A' }, finish_reason: null }] },
      { ...base, choices: [{ index: 1, delta: { role: 'assistant', content: 'B' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...base, choices: [{ index: 1, delta: {}, finish_reason: 'length', provider_finish_reason: 'model_length' }] },
      { ...base, choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } },
    ]);
  });

  it('fails with stream_interrupted when [DONE] never comes', async () => {
    expect(await failureOf(chunkLines('mistral/vercel-ai/mistral-text.chunks.txt').slice(0, -1))).toStrictEqual({ status: 502, code: 'stream_interrupted', message: 'mistral: the stream ended before [DONE]' });
  });

  it('fails with the mapped error on an error event, and upstream_invalid_response on a non-JSON event', async () => {
    expect(await failureOf(['{"object":"error","message":"Prompt contains 40000 tokens, too large for model with 32768 maximum context length","type":"invalid_request_error","param":null,"code":"3051","raw_status_code":400}'])).toStrictEqual({
      status: 400,
      code: 'context_length_exceeded',
      message: 'mistral: Prompt contains 40000 tokens, too large for model with 32768 maximum context length',
    });
    expect(await failureOf(['not json'])).toStrictEqual({ status: 502, code: 'upstream_invalid_response', message: 'mistral sent a stream event that is not JSON' });
  });
});
