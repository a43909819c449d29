import type { ChatChunk } from '@switchyard/core';
import { readFixture } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { chunksOf, eventFrame, eventStreamOfChunks, exceptionFrame } from '../test/event-stream.js';
import { decodeBedrockEventStream } from './decode-event-stream.js';
import { mapBedrockStream } from './map-stream.js';

const base = { id: 'chatcmpl-r', object: 'chat.completion.chunk' as const, created: 1700000000, model: 'm' };

async function collect(bytes: Buffer, includeUsage = true): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of mapBedrockStream(decodeBedrockEventStream(chunksOf(bytes, 5)), { id: base.id, created: base.created, model: base.model, includeUsage })) chunks.push(chunk);
  return chunks;
}

function delta(value: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): ChatChunk {
  return { ...base, choices: [{ index: 0, delta: value, finish_reason: finish as never, ...extra }] };
}

describe('mapBedrockStream', () => {
  it('streams reasoning and text, skipping empty deltas (pydantic-ai test_bedrock_model_stream_empty_text_delta, gpt-oss)', async () => {
    expect(await collect(readFixture('bedrock/pydantic-ai/test_bedrock_model_stream_empty_text_delta.1.response.eventstream'))).toEqual([
      delta({ role: 'assistant', content: '' }),
      delta({ reasoning_content: 'The user just says "Hi". We need to respond appropriately, friendly greeting. No special instructions. Should be short.' }),
      delta({ content: 'Hello! How can I help' }),
      delta({ content: ' you today?' }),
      delta({}, 'stop'),
      { ...base, choices: [], usage: { prompt_tokens: 70, completion_tokens: 43, total_tokens: 113 } },
    ]);
  });

  it('leaves the usage chunk out without include_usage (pydantic-ai test_bedrock_model_stream)', async () => {
    const chunks = await collect(readFixture('bedrock/pydantic-ai/test_bedrock_model_stream.1.response.eventstream'), false);
    expect(chunks[0]).toEqual(delta({ role: 'assistant', content: '' }));
    expect(chunks.at(-1)).toEqual(delta({}, 'stop'));
    expect(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toMatch(/^The capital of France is Paris\. Paris is not only the capital city but/);
  });

  it('streams a tool call as id + name, then argument deltas (vercel-ai amazon-bedrock-tool-call chunks, re-encoded)', async () => {
    expect(await collect(eventStreamOfChunks('bedrock/vercel-ai/amazon-bedrock-tool-call.1.chunks.txt'))).toEqual([
      delta({ role: 'assistant', content: '' }),
      delta({ tool_calls: [{ index: 0, id: 'tool-use-id', type: 'function', function: { name: 'test-tool', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{"value":' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '"Sparkle Day"}' } }] }),
      delta({}, 'tool_calls'),
      { ...base, choices: [], usage: { prompt_tokens: 125, completion_tokens: 45, total_tokens: 170 } },
    ]);
  });

  it('numbers parallel tool calls from 0, not by content block (vercel-ai amazon-bedrock-json-with-tools chunks, re-encoded)', async () => {
    expect(await collect(eventStreamOfChunks('bedrock/vercel-ai/amazon-bedrock-json-with-tools.1.chunks.txt'))).toEqual([
      delta({ role: 'assistant', content: '' }),
      delta({ content: 'Multiple tools.' }),
      delta({ tool_calls: [{ index: 0, id: 'tool-1', type: 'function', function: { name: 'tool-a', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{"a":"1"}' } }] }),
      delta({ tool_calls: [{ index: 1, id: 'tool-2', type: 'function', function: { name: 'tool-b', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 1, function: { arguments: '{"b":"2"}' } }] }),
      delta({ content: 'Final JSON.' }),
      delta({ tool_calls: [{ index: 2, id: 'json-tool-id', type: 'function', function: { name: 'json', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 2, function: { arguments: '{"final":"result"}' } }] }),
      delta({}, 'tool_calls'),
    ]);
  });

  it('hands on a signed thinking block once its signature arrives (events from the ConverseStream reference)', async () => {
    const body = Buffer.concat([
      eventFrame('messageStart', { role: 'assistant' }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Let me ' } } }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'think.' } } }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'c2lnbmF0dXJl' } } }),
      eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 1, delta: { reasoningContent: { redactedContent: 'cmVkYWN0ZWQ=' } } }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 2, delta: { text: 'Done.' } }),
      eventFrame('messageStop', { stopReason: 'stop_sequence' }),
      eventFrame('metadata', { usage: { inputTokens: 5, outputTokens: 9, totalTokens: 114, cacheReadInputTokens: 100, cacheWriteInputTokens: 0 }, metrics: { latencyMs: 1 } }),
    ]);
    expect(await collect(body)).toEqual([
      delta({ role: 'assistant', content: '' }),
      delta({ reasoning_content: 'Let me ' }),
      delta({ reasoning_content: 'think.' }),
      delta({ thinking_blocks: [{ type: 'thinking', thinking: 'Let me think.', signature: 'c2lnbmF0dXJl' }] }),
      delta({ thinking_blocks: [{ type: 'redacted_thinking', data: 'cmVkYWN0ZWQ=' }] }),
      delta({ content: 'Done.' }),
      delta({}, 'stop', { provider_finish_reason: 'stop_sequence' }),
      { ...base, choices: [], usage: { prompt_tokens: 105, completion_tokens: 9, total_tokens: 114, prompt_tokens_details: { cached_tokens: 100, cache_creation_tokens: 0 } } },
    ]);
  });

  it.each([
    ['throttlingException', 'Too many requests, please wait before trying again.', 429, 'rate_limit_exceeded'],
    ['modelStreamErrorException', 'The model stream errored.', 502, 'upstream_error'],
    ['validationException', 'Input is too long for requested model.', 400, 'context_length_exceeded'],
    ['internalServerException', 'Internal error.', 502, 'upstream_error'],
    ['serviceUnavailableException', 'Service unavailable.', 503, 'service_unavailable'],
  ])('throws a %s frame as the mapped error', async (type, message, status, code) => {
    const body = Buffer.concat([eventFrame('messageStart', { role: 'assistant' }), exceptionFrame(type, message)]);
    await expect(collect(body)).rejects.toMatchObject({ status, code, message: `bedrock: ${message}`, provider: 'bedrock' });
  });

  it('throws stream_interrupted when the stream ends before messageStop', async () => {
    const body = Buffer.concat([eventFrame('messageStart', { role: 'assistant' }), eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } })]);
    await expect(collect(body)).rejects.toMatchObject({ status: 502, code: 'stream_interrupted' });
  });
});
