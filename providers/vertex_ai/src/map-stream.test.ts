import { parseSse, type ChatChunk } from '@switchyard/core';
import { readFixture } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapVertexStream } from './map-stream.js';

async function collect(path: string, options: Parameters<typeof mapVertexStream>[1]): Promise<ChatChunk[]> {
  async function* body() {
    yield readFixture(path);
  }
  const chunks: ChatChunk[] = [];
  for await (const chunk of mapVertexStream(parseSse(body()), options)) chunks.push(chunk);
  return chunks;
}

describe('mapVertexStream', () => {
  it('maps a recorded Gemini SSE stream (pydantic-ai test_google_model_stream; Vertex streams the same events) with usage', async () => {
    const chunks = await collect('gemini/pydantic-ai/test_google_model_stream.1.response.sse', { publisher: 'google', model: 'gemini-2.0-flash', created: 1700000000, includeUsage: true });
    const base = { id: 'w1peaMz6INOvnvgPgYfPiQY', object: 'chat.completion.chunk', created: 1700000000, model: 'gemini-2.0-flash-exp' };
    expect(chunks).toEqual([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'The' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: ' capital of France' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: ' is Paris.\n' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...base, choices: [], usage: { prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 } },
    ]);
  });

  it('maps a recorded Claude SSE stream (pydantic-ai test_request_stream_fallback_for_high_max_tokens; streamRawPredict sends the same events)', async () => {
    const chunks = await collect('anthropic/pydantic-ai/test_request_stream_fallback_for_high_max_tokens.1.response.sse', {
      publisher: 'anthropic',
      model: 'claude-sonnet-4-5@20250929',
      created: 1700000000,
      includeUsage: true,
    });
    const base = { id: 'msg_018E1hg8GoVTGEKQY3ovMcSJ', object: 'chat.completion.chunk', created: 1700000000, model: 'claude-sonnet-4-5-20250929' };
    expect(chunks).toEqual([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: '2' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...base, choices: [], usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } } },
    ]);
  });

  it('throws stream_interrupted when a Claude stream ends before message_stop', async () => {
    const cut = readFixture('anthropic/pydantic-ai/test_request_stream_fallback_for_high_max_tokens.1.response.sse').toString('utf8').split('event: message_stop')[0];
    async function* body() {
      yield Buffer.from(cut);
    }
    const consume = async () => {
      for await (const _ of mapVertexStream(parseSse(body()), { publisher: 'anthropic', model: 'c', created: 1, includeUsage: false }));
    };
    await expect(consume()).rejects.toMatchObject({ code: 'stream_interrupted', provider: 'vertex_ai' });
  });
});
