import { GatewayError, attachRawJson, materializeChunk, rawJsonOf, type ChatChunk, type UpstreamEvent } from '@switchyard/core';
import { readFixtureText } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapOpenAIStream } from './map-stream.js';

async function* eventsOf(lines: readonly string[]): AsyncGenerator<UpstreamEvent> {
  for (const data of lines) yield { data };
}

/** The chunks as core's readers see them: raw pass-through chunks parsed on reading. */
async function collect(stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of stream) chunks.push(materializeChunk(chunk));
  return chunks;
}

const toError = (_payload: { error: unknown }, text: string) => new GatewayError({ code: 'upstream_error', message: `mapped ${text}` });

function chunkLines(path: string): string[] {
  return readFixtureText(path).split('\n').filter((line) => line.length > 0);
}

/** The chunk a line should become: its parsed value carrying the line itself as raw JSON. */
const chunkOf = (line: string) => attachRawJson(JSON.parse(line) as ChatChunk, line);

describe('mapOpenAIStream', () => {
  it('yields each chunk as its exact text, unparsed, until something reads it', async () => {
    const lines = chunkLines('openai/vercel-ai/chat/openai-text.chunks.txt');
    const raw: ChatChunk[] = [];
    for await (const chunk of mapOpenAIStream(eventsOf([...lines, '[DONE]']), 'openai', toError)) raw.push(chunk);
    expect(raw.map((chunk) => rawJsonOf(chunk))).toStrictEqual(lines);
    expect(raw.map((chunk) => Object.keys(chunk))).toStrictEqual(lines.map(() => []));
  });

  it('yields each xAI chunk with its exact text attached, and stops at [DONE]', async () => {
    const lines = chunkLines('openai-compatible/vercel-ai/xai/xai-text.chunks.txt');
    const chunks = await collect(mapOpenAIStream(eventsOf([...lines, '[DONE]']), 'xai', toError));
    expect(chunks).toStrictEqual(lines.map(chunkOf));
    expect(chunks.map((chunk) => rawJsonOf(chunk))).toStrictEqual(lines);
  });

  it('carries DeepSeek reasoning_content deltas through untouched', async () => {
    const lines = chunkLines('openai-compatible/vercel-ai/deepseek/deepseek-reasoning.chunks.txt');
    const chunks = await collect(mapOpenAIStream(eventsOf([...lines, '[DONE]']), 'deepseek', toError));
    const reasoning = chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '').join('');
    const expected = lines.map((line) => (JSON.parse(line) as ChatChunk).choices[0]?.delta.reasoning_content ?? '').join('');
    expect(reasoning).toBe(expected);
    expect(chunks).toHaveLength(lines.length);
  });

  it('yields nothing after [DONE]', async () => {
    const lines = chunkLines('openai/vercel-ai/chat/openai-text.chunks.txt');
    const chunks = await collect(mapOpenAIStream(eventsOf([lines[0], '[DONE]', lines[1]]), 'openai', toError));
    expect(chunks).toStrictEqual([chunkOf(lines[0])]);
  });

  it('ends quietly when the stream closes without [DONE]', async () => {
    const lines = chunkLines('openai/vercel-ai/chat/openai-text.chunks.txt');
    expect(await collect(mapOpenAIStream(eventsOf(lines), 'vllm', toError))).toStrictEqual(lines.map(chunkOf));
  });

  it('throws an {"error":…} event as toError maps it, after the chunks before it', async () => {
    const lines = chunkLines('openai/vercel-ai/chat/openai-text.chunks.txt');
    const errorEvent = '{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}';
    const seen: ChatChunk[] = [];
    await expect(async () => {
      for await (const chunk of mapOpenAIStream(eventsOf([lines[0], errorEvent, lines[1]]), 'openai', toError)) seen.push(materializeChunk(chunk));
    }).rejects.toThrow(`mapped ${errorEvent}`);
    expect(seen).toStrictEqual([chunkOf(lines[0])]);
  });

  it('throws 502 upstream_invalid_response on an event that is not a JSON object', async () => {
    const stream = mapOpenAIStream(eventsOf(['Internal Server Error']), 'together_ai', toError);
    await expect(collect(stream)).rejects.toMatchObject({ status: 502, code: 'upstream_invalid_response', message: 'together_ai sent a stream event that is not a JSON object' });
  });

  it('throws 502 upstream_invalid_response on an error event that is not JSON', async () => {
    const stream = mapOpenAIStream(eventsOf(['{"error": oops']), 'together_ai', toError);
    await expect(collect(stream)).rejects.toMatchObject({ status: 502, code: 'upstream_invalid_response', message: 'together_ai sent a stream event that is not JSON' });
  });
});
