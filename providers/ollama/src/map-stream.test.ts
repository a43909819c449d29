import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayError, UpstreamError, parseNdjson, type ChatChunk } from '@switchyard/core';
import { openAPIValidator, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapOllamaStream, type OllamaStreamContext } from './map-stream.js';

/* The NDJSON bodies are built from Ollama's API reference, not recorded: see ../fixtures/README.md. */

const openAISpec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));

function built(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

async function* bodyOf(text: string): AsyncGenerator<string> {
  yield text;
}

function context(includeUsage: boolean): OllamaStreamContext {
  let next = 0;
  return { id: 'chatcmpl-test', now: 1_700_000_000, newToolCallId: () => `call_generated_${next++}`, model: 'deployment-model', includeUsage, apiKey: undefined };
}

async function collect(body: string, includeUsage = false): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of mapOllamaStream(parseNdjson(bodyOf(body)), context(includeUsage))) chunks.push(chunk);
  return chunks;
}

async function failure(body: string): Promise<{ chunks: ChatChunk[]; error: GatewayError }> {
  const chunks: ChatChunk[] = [];
  try {
    for await (const chunk of mapOllamaStream(parseNdjson(bodyOf(body)), context(false))) chunks.push(chunk);
  } catch (error) {
    if (GatewayError.isGatewayError(error)) return { chunks, error };
    throw error;
  }
  throw new Error('expected the stream to fail');
}

const head = (model: string, created: number) => ({ id: 'chatcmpl-test', object: 'chat.completion.chunk', created, model });
const delta = (model: string, created: number, content: ChatChunk['choices'][number]['delta']) => ({ ...head(model, created), choices: [{ index: 0, delta: content, finish_reason: null }] });

describe('mapOllamaStream', () => {
  it('maps a text stream with the usage chunk (built: docs/api.md Chat request (Streaming))', async () => {
    const chunks = await collect(built('chat-stream-text.ndjson'), true);
    const at = 1751919739;
    expect(chunks).toEqual([
      delta('llama3.2', at, { role: 'assistant', content: '' }),
      ...['The', ' sky', ' is', ' blue', ' because', ' of', ' Rayleigh', ' scattering', '.'].map((text) => delta('llama3.2', at, { content: text })),
      { ...head('llama3.2', at), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...head('llama3.2', at), choices: [], usage: { prompt_tokens: 26, completion_tokens: 10, total_tokens: 36 } },
    ]);
    expect(chunks.map((chunk) => openAISpec.check('CreateChatCompletionStreamResponse', chunk))).toEqual(chunks.map(() => []));
  });

  it('sends no usage chunk without include_usage', async () => {
    const chunks = await collect(built('chat-stream-text.ndjson'), false);
    expect(chunks.at(-1)).toEqual({ ...head('llama3.2', 1751919739), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  });

  it('gives each whole tool call one delta with its id and full arguments, indexed from 0 (built: Streaming with tools)', async () => {
    const chunks = await collect(built('chat-stream-tools.ndjson'), true);
    const at = 1751919739;
    expect(chunks).toEqual([
      delta('llama3.2', at, { role: 'assistant', content: '' }),
      delta('llama3.2', at, { tool_calls: [{ index: 0, id: 'call_k3n9x2pq', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }] }),
      delta('llama3.2', at, { tool_calls: [{ index: 1, id: 'call_w81hz0ad', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }),
      { ...head('llama3.2', at), choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
      { ...head('llama3.2', at), choices: [], usage: { prompt_tokens: 169, completion_tokens: 29, total_tokens: 198 } },
    ]);
  });

  it('counts tool calls across lines and generates ids an older server did not send', async () => {
    const lines = [
      '{"model":"llama3.2","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":false}',
      '{"model":"llama3.2","created_at":"2025-07-07T20:22:19.18999Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_time","arguments":{}}}]},"done":false}',
      '{"model":"llama3.2","created_at":"2025-07-07T20:22:19.19314Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true}',
    ];
    const chunks = await collect(`${lines.join('\n')}\n`);
    expect(chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])).toEqual([
      { index: 0, id: 'call_generated_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
      { index: 1, id: 'call_generated_1', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('tool_calls');
  });

  it('maps thinking to reasoning_content deltas before the content (built: capabilities/thinking)', async () => {
    const chunks = await collect(built('chat-stream-thinking.ndjson'));
    const at = 1761498924;
    expect(chunks).toEqual([
      delta('qwen3', at, { role: 'assistant', content: '' }),
      ...["The user", "'s asking", " how many r's", ' are in strawberry.', ' s-t-r-a-w-b-e-r-r-y: three.'].map((text) => delta('qwen3', at, { reasoning_content: text })),
      ...['There', ' are', ' **3**', ' letter', " r's."].map((text) => delta('qwen3', at, { content: text })),
      { ...head('qwen3', at), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ]);
  });

  it('throws an {"error"} line as a mapped error after the chunks before it (built: api/errors streaming example)', async () => {
    const { chunks, error } = await failure(built('chat-stream-error.ndjson'));
    expect(chunks.map((chunk) => chunk.choices[0].delta)).toEqual([{ role: 'assistant', content: '' }, { content: ' Yes' }, { content: '.' }]);
    expect(error).toBeInstanceOf(UpstreamError);
    expect({ status: error.status, code: error.code, type: error.type, message: error.message, errorClass: (error as UpstreamError).errorClass }).toEqual({
      status: 502,
      code: 'upstream_error',
      type: 'upstream_error',
      message: 'ollama: an error was encountered while running the model',
      errorClass: 'InternalServerError',
    });
  });

  it('throws stream_interrupted when the done line never comes', async () => {
    const cut = built('chat-stream-text.ndjson').split('\n').slice(0, 3).join('\n');
    const { chunks, error } = await failure(cut);
    expect(chunks).toHaveLength(4);
    expect({ status: error.status, code: error.code, message: error.message }).toEqual({ status: 502, code: 'stream_interrupted', message: 'ollama: the stream ended before its final (done) line' });
  });

  it('throws upstream_invalid_response for a line that is not JSON', async () => {
    const { error } = await failure('{"model":"llama3.2","message":{"role":"assistant","content":"a"},"done":false}\n<html>oops</html>\n');
    expect({ code: error.code, message: error.message }).toEqual({ code: 'upstream_invalid_response', message: 'ollama sent a stream line that is not JSON' });
  });

  it('ignores lines after the done line', async () => {
    const chunks = await collect(`${built('chat-stream-tools.ndjson')}{"error":"late"}\n`);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('tool_calls');
  });
});
