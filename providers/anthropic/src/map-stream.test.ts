import { parseSse, type ChatChunk, type UpstreamEvent } from '@switchyard/core';
import { readFixture, readFixtureText } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapAnthropicStream } from './map-stream.js';

const created = 1_700_000_000;

async function collect(events: AsyncIterable<UpstreamEvent> | UpstreamEvent[], includeUsage = true): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  const iterable = Array.isArray(events) ? (async function* () { yield* events; })() : events;
  for await (const chunk of mapAnthropicStream(iterable, { provider: 'anthropic', model: 'claude-deployment', includeUsage, created })) chunks.push(chunk);
  return chunks;
}

async function failure(events: UpstreamEvent[]): Promise<{ chunks: ChatChunk[]; error: Record<string, unknown> }> {
  const chunks: ChatChunk[] = [];
  try {
    for await (const chunk of mapAnthropicStream((async function* () { yield* events; })(), { provider: 'anthropic', model: 'm', includeUsage: false, created })) chunks.push(chunk);
  } catch (error) {
    return { chunks, error: error as Record<string, unknown> };
  }
  throw new Error('expected the stream to fail');
}

/** The recorded wire bytes, framed by core's own SSE parser. */
function sse(path: string): AsyncIterable<UpstreamEvent> {
  return parseSse((async function* () { yield readFixture(path); })());
}

/** vercel-ai's chunk files keep each event's JSON but not its `event:` line, as Vertex AI sends them. */
function chunkLines(path: string): UpstreamEvent[] {
  return readFixtureText(path).split('\n').filter((line) => line.trim() !== '').map((data) => ({ data }));
}

function chunk(id: string, model: string, delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}): ChatChunk {
  return { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason as never, ...extra }] };
}

describe('mapAnthropicStream', () => {
  it('streams text and ends with finish_reason and usage (pydantic-ai test_request_stream_fallback_for_high_max_tokens)', async () => {
    const id = 'msg_018E1hg8GoVTGEKQY3ovMcSJ';
    const model = 'claude-sonnet-4-5-20250929';
    expect(await collect(sse('anthropic/pydantic-ai/test_request_stream_fallback_for_high_max_tokens.1.response.sse'))).toStrictEqual([
      chunk(id, model, { role: 'assistant', content: '' }),
      chunk(id, model, { content: '2' }),
      chunk(id, model, {}, 'stop'),
      { id, object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } } },
    ]);
  });

  it('sends no usage chunk unless asked', async () => {
    const chunks = await collect(sse('anthropic/pydantic-ai/test_request_stream_fallback_for_high_max_tokens.1.response.sse'), false);
    expect(chunks.map((each) => (each.choices.length === 0 ? 'usage' : each.choices[0]!.finish_reason))).toEqual([null, null, 'stop']);
  });

  it('streams thinking as reasoning_content, then the whole signed block, then text (anthropic-sdk stream-a-refusal)', async () => {
    const id = 'msg_fixture_a_0001';
    const model = 'claude-fable-5';
    const thinking =
      'Simple educational question about what a solar eclipse is. This is benign general knowledge — definitions are fine. Also the user called me "claudius" — I\'m Claude. Minor correction or just roll with it politely.';
    expect(await collect(sse('anthropic/anthropic-sdk-typescript/stream-a-refusal.sse'))).toStrictEqual([
      chunk(id, model, { role: 'assistant', content: '' }),
      chunk(id, model, { reasoning_content: 'Simple educ' }),
      chunk(id, model, { reasoning_content: 'ational question about what a solar eclipse is. This is benign general knowledge — definitions are fine. Also the user called' }),
      chunk(id, model, { reasoning_content: ' me "claudius" — I\'m Claude. Minor correction or just roll with it politely.' }),
      chunk(id, model, { thinking_blocks: [{ type: 'thinking', thinking, signature: 'c3ludGhldGljLXNpZ25hdHVyZS1maXh0dXJlLWEtbm90LWEtcmVhbC1zaWduYXR1cmU=' }] }),
      chunk(id, model, { content: 'Hi' }),
      chunk(id, model, {}, 'content_filter', { provider_finish_reason: 'refusal' }),
      { id, object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: 28, completion_tokens: 106, total_tokens: 134, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 67 } } },
    ]);
  });

  it('passes redacted thinking blocks on whole (pydantic-ai test_anthropic_model_thinking_part_redacted_stream)', async () => {
    const chunks = await collect(sse('anthropic/pydantic-ai/test_anthropic_model_thinking_part_redacted_stream.1.response.sse'));
    const blocks = chunks.flatMap((each) => (each.choices[0]?.delta.thinking_blocks as Array<{ type: string; data: string }> | undefined) ?? []);
    const recorded = [...readFixtureText('anthropic/pydantic-ai/test_anthropic_model_thinking_part_redacted_stream.1.response.sse').matchAll(/"type":"redacted_thinking","data":"([^"]+)"/g)].map((match) => match[1]);
    expect(recorded.map((data) => data?.slice(0, 12))).toEqual(['EqkECkYIBxgC', 'EtgBCkYIBxgC']);
    expect(blocks).toStrictEqual(recorded.map((data) => ({ type: 'redacted_thinking', data })));
    expect(chunks.map((each) => each.choices[0]?.delta.content ?? '').join('')).toBe(
      'I notice that you\'ve sent what appears to be some kind of test string or command. I don\'t have any special "magic string" triggers or backdoor commands that would expose internal systems or change my behavior.\n\nI\'m Claude, an AI assistant created by Anthropic to be helpful, harmless, and honest. How can I assist you today with a legitimate task or question?',
    );
    expect(chunks.at(-1)?.usage).toStrictEqual({ prompt_tokens: 92, completion_tokens: 189, total_tokens: 281, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } });
  });

  it('reports cache reads from message_start while message_delta sends the final counts (pydantic-ai compaction stream)', async () => {
    const chunks = await collect(sse('anthropic/pydantic-ai/test_anthropic_compaction_usage_with_cache_streaming.1.response.sse'));
    // message_delta's cumulative counts win (input 181, cache read 0, output 8); the compaction block itself is not returned.
    expect(chunks.map((each) => each.choices[0]?.delta.content).filter((text) => text !== undefined)).toEqual(['', 'Hello!', ' ', '👋']);
    expect(chunks.at(-1)?.usage).toStrictEqual({ prompt_tokens: 181, completion_tokens: 8, total_tokens: 189, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } });
  });

  it('numbers tool calls from 0 whatever their block index, and streams their arguments (built from the streaming reference)', async () => {
    // Shape from https://docs.anthropic.com/en/docs/build-with-claude/streaming#streaming-request-with-tool-use
    const events: UpstreamEvent[] = [
      { event: 'message_start', data: '{"type":"message_start","message":{"id":"msg_t","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":400,"output_tokens":1}}}' },
      { event: 'content_block_start', data: '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}' },
      { event: 'content_block_delta', data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking both."}}' },
      { event: 'content_block_stop', data: '{"type":"content_block_stop","index":0}' },
      { event: 'content_block_start', data: '{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_A","name":"get_weather","input":{}}}' },
      { event: 'content_block_delta', data: '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}' },
      { event: 'content_block_delta', data: '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Par"}}' },
      { event: 'content_block_delta', data: '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"is\\"}"}}' },
      { event: 'content_block_stop', data: '{"type":"content_block_stop","index":1}' },
      { event: 'content_block_start', data: '{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_B","name":"get_weather","input":{}}}' },
      { event: 'content_block_delta', data: '{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Rome\\"}"}}' },
      { event: 'content_block_stop', data: '{"type":"content_block_stop","index":2}' },
      { event: 'message_delta', data: '{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}' },
      { event: 'message_stop', data: '{"type":"message_stop"}' },
    ];
    const model = 'claude-sonnet-4-5';
    expect(await collect(events)).toStrictEqual([
      chunk('msg_t', model, { role: 'assistant', content: '' }),
      chunk('msg_t', model, { content: 'Checking both.' }),
      chunk('msg_t', model, { tool_calls: [{ index: 0, id: 'toolu_A', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      chunk('msg_t', model, { tool_calls: [{ index: 0, function: { arguments: '{"city": "Par' } }] }),
      chunk('msg_t', model, { tool_calls: [{ index: 0, function: { arguments: 'is"}' } }] }),
      chunk('msg_t', model, { tool_calls: [{ index: 1, id: 'toolu_B', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      chunk('msg_t', model, { tool_calls: [{ index: 1, function: { arguments: '{"city": "Rome"}' } }] }),
      chunk('msg_t', model, {}, 'tool_calls'),
      { id: 'msg_t', object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: 400, completion_tokens: 89, total_tokens: 489 } },
    ]);
  });

  it('reads events without an event: line and ignores a repeated message_start (vercel-ai duplicate-message-start)', async () => {
    const model = 'claude-3-haiku-20240307';
    expect(await collect(chunkLines('anthropic/vercel-ai/duplicate-message-start.chunks.txt'))).toStrictEqual([
      chunk('msg_dup', model, { role: 'assistant', content: '' }),
      chunk('msg_dup', model, { content: 'Hello, World!' }),
      chunk('msg_dup', model, {}, 'stop'),
      { id: 'msg_dup', object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: 17, completion_tokens: 227, total_tokens: 244 } },
    ]);
  });

  it('throws an error event as the error it reports, after the chunks before it (built from the errors reference)', async () => {
    // Shape from https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events
    const { chunks, error } = await failure([
      { event: 'message_start', data: '{"type":"message_start","message":{"id":"msg_e","model":"claude-sonnet-4-5","usage":{"input_tokens":5,"output_tokens":1}}}' },
      { event: 'error', data: '{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}' },
    ]);
    expect(chunks).toHaveLength(1);
    expect({ ...error }).toMatchObject({ status: 503, code: 'service_unavailable', type: 'service_unavailable_error', errorClass: 'ServiceUnavailableError', upstreamStatus: 529, provider: 'anthropic' });
    expect(error.message).toBe('anthropic: Overloaded');
  });

  it('throws stream_interrupted when the stream ends before message_stop', async () => {
    const { error } = await failure([{ event: 'message_start', data: '{"type":"message_start","message":{"id":"msg_x","usage":{"input_tokens":5,"output_tokens":1}}}' }]);
    expect({ status: error.status, code: error.code, errorClass: error.errorClass, message: error.message }).toStrictEqual({
      status: 502,
      code: 'stream_interrupted',
      errorClass: 'InternalServerError',
      message: 'anthropic: the stream ended before message_stop',
    });
  });
});
