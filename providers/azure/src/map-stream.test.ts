import { readFileSync } from 'node:fs';
import { UpstreamError, rawJsonOf, type ChatChunk, type UpstreamEvent } from '@switchyard/core';
import { readFixtureText } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapAzureStream } from './map-stream.js';
import type { AzureSettings } from './settings.js';

const settings: AzureSettings = {
  preset: { prefix: 'azure', name: 'Azure OpenAI', keyVariables: [], keyRequired: true },
  chatUrl: 'https://res.openai.azure.com/openai/deployments/gpt-35-turbo/chat/completions?api-version=2024-10-21',
  embeddingsUrl: 'https://res.openai.azure.com/openai/deployments/gpt-35-turbo/embeddings?api-version=2024-10-21',
  auth: { kind: 'key', key: 'k', header: 'api-key' },
  headers: {},
  secret: 'k',
};

async function* eventsOf(lines: readonly string[]): AsyncGenerator<UpstreamEvent> {
  for (const data of lines) yield { data };
}

async function collect(stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** A chunk as the plain object its text holds (materializeChunk would also carry the text as a symbol). */
function parsed(chunk: ChatChunk): ChatChunk & Record<string, unknown> {
  return JSON.parse(rawJsonOf(chunk) as string) as ChatChunk & Record<string, unknown>;
}

/** The `data:` payloads of an SSE body built from Microsoft's documentation (test-fixtures/README.md). */
function docStreamLines(name: string): string[] {
  const text = readFileSync(new URL(`../test-fixtures/${name}`, import.meta.url), 'utf8');
  return text.split('\n\n').filter((block) => block.startsWith('data: ')).map((block) => block.slice('data: '.length));
}

describe('mapAzureStream', () => {
  it('hands on every event as its exact text, the prompt annotation chunk and content_filter finish included (doc: Content streaming)', async () => {
    const lines = docStreamLines('content-streaming.blocked.sse');
    const chunks = await collect(mapAzureStream(eventsOf(lines), settings));
    expect(chunks.map((chunk) => rawJsonOf(chunk))).toStrictEqual(lines.slice(0, -1));
    const [first, ...rest] = chunks.map(parsed);
    expect(first).toStrictEqual({
      id: '',
      object: '',
      created: 0,
      model: '',
      prompt_filter_results: [
        {
          prompt_index: 0,
          content_filter_results: {
            hate: { filtered: false, severity: 'safe' },
            self_harm: { filtered: false, severity: 'safe' },
            sexual: { filtered: false, severity: 'safe' },
            violence: { filtered: false, severity: 'safe' },
          },
        },
      ],
      choices: [],
      usage: null,
    });
    expect(rest.map((chunk) => chunk.choices[0].finish_reason)).toStrictEqual([null, null, null, null, null, null, 'content_filter']);
    expect(rest.at(-1)?.choices[0]).toStrictEqual({
      index: 0,
      finish_reason: 'content_filter',
      content_filter_results: { protected_material_text: { detected: true, filtered: true } },
      content_filter_offsets: { check_offset: 65, start_offset: 65, end_offset: 1056 },
    });
  });

  it('passes reasoning deltas and the usage chunk of a Foundry model through (vercel-ai azure-deepseek-reasoning)', async () => {
    const lines = readFixtureText('azure/vercel-ai/responses/azure-deepseek-reasoning.1.chunks.txt').split('\n').filter((line) => line.length > 0);
    const chunks = (await collect(mapAzureStream(eventsOf([...lines, '[DONE]']), settings))).map(parsed);
    expect(chunks.length).toBe(lines.length);
    const reasoning = chunks.map((chunk) => (chunk.choices[0]?.delta as { reasoning_content?: string | null } | undefined)?.reasoning_content ?? '').join('');
    expect(reasoning.slice(0, 47)).toBe('We need to invent a new holiday around the late');
    expect(chunks.at(-1)).toStrictEqual({
      id: '7334c29da064437e9d158710cdefbae6',
      object: 'chat.completion.chunk',
      created: 1781043323,
      model: 'deepseek-v4-pro',
      choices: [],
      usage: { prompt_tokens: 19, total_tokens: 1739, completion_tokens: 1720, prompt_tokens_details: null, reasoning_tokens: 0 },
    });
  });

  it('throws an in-stream {"error":…} event as Azure’s error', async () => {
    const lines = docStreamLines('content-streaming.blocked.sse').slice(0, 2);
    const errorEvent = '{"error":{"code":"429","message":"Rate limit is exceeded. Try again in 2 seconds.","status":429}}';
    const iterator = mapAzureStream(eventsOf([...lines, errorEvent]), settings);
    await iterator.next();
    await iterator.next();
    const thrown = await iterator.next().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(UpstreamError);
    expect((thrown as UpstreamError).toOpenAIError()).toStrictEqual({
      error: { message: 'azure: Rate limit is exceeded. Try again in 2 seconds.', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' },
    });
  });
});
