import { GatewayError, UpstreamError, type ChatChunk, type UpstreamEvent } from '@switchyard/core';
import { readFixtureText } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapCohereStream, type CohereStreamOptions } from './map-stream.js';

const options: CohereStreamOptions = { model: 'command-r7b-12-2024', created: 1767225600, fallbackId: 'chatcmpl-request-1', includeUsage: true };

/** The events of a vercel-ai chunks file as core's SSE parser yields them (event name = the payload's type), then [DONE]. */
function recordedEvents(path: string): UpstreamEvent[] {
  const lines = readFixtureText(path).split('\n').filter((line) => line.length > 0);
  return [...lines.map((data) => ({ event: (JSON.parse(data) as { type: string }).type, data })), { data: '[DONE]' }];
}

async function* eventsOf(events: readonly UpstreamEvent[]): AsyncGenerator<UpstreamEvent> {
  for (const event of events) yield event;
}

async function collect(events: readonly UpstreamEvent[], streamOptions: CohereStreamOptions = options): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of mapCohereStream(eventsOf(events), streamOptions)) chunks.push(chunk);
  return chunks;
}

async function failure(events: readonly UpstreamEvent[]): Promise<{ chunks: number; error: UpstreamError }> {
  let chunks = 0;
  try {
    for await (const _chunk of mapCohereStream(eventsOf(events), options)) chunks++;
  } catch (error) {
    if (!GatewayError.isGatewayError(error)) throw error;
    return { chunks, error: error as UpstreamError };
  }
  throw new Error('expected the stream to fail');
}

const base = (id: string) => ({ id, object: 'chat.completion.chunk' as const, created: 1767225600, model: 'command-r7b-12-2024' });
const choice = (delta: Record<string, unknown>, finish_reason: string | null = null) => [{ index: 0, delta, finish_reason }];

describe('mapCohereStream', () => {
  it('maps a text stream, with the usage chunk for include_usage (vercel-ai cohere-text.chunks)', async () => {
    const id = '321d178c-2c12-44d3-ae42-2f5510f6b1cc';
    expect(await collect(recordedEvents('cohere/vercel-ai/cohere-text.chunks.txt'))).toStrictEqual([
      { ...base(id), choices: choice({ role: 'assistant', content: '' }) },
      ...['The', ' capital', ' of', ' France', ' is', ' Paris', '.'].map((content) => ({ ...base(id), choices: choice({ content }) })),
      { ...base(id), choices: choice({}, 'stop') },
      {
        ...base(id),
        choices: [],
        usage: { prompt_tokens: 507, completion_tokens: 10, total_tokens: 517, prompt_tokens_details: { cached_tokens: 448 }, billed_units: { input_tokens: 12, output_tokens: 7 } },
      },
    ]);
  });

  it('sends no usage chunk without include_usage', async () => {
    const chunks = await collect(recordedEvents('cohere/vercel-ai/cohere-text.chunks.txt'), { ...options, includeUsage: false });
    expect(chunks.at(-1)).toStrictEqual({ ...base('321d178c-2c12-44d3-ae42-2f5510f6b1cc'), choices: choice({}, 'stop') });
    expect(chunks).toHaveLength(9);
  });

  it('maps the tool plan to reasoning_content and a tool call without arguments (vercel-ai cohere-empty-tool-call.chunks)', async () => {
    const id = '66dec7d7-45e6-427c-8fd9-7d6375d12046';
    const plan = ['I', ' will', ' use', ' the', ' currentTime', ' tool', ' to', ' find', ' the', ' current', ' time', '.'];
    expect(await collect(recordedEvents('cohere/vercel-ai/cohere-empty-tool-call.chunks.txt'), { ...options, includeUsage: false })).toStrictEqual([
      { ...base(id), choices: choice({ role: 'assistant', content: '' }) },
      ...plan.map((reasoning_content) => ({ ...base(id), choices: choice({ reasoning_content }) })),
      { ...base(id), choices: choice({ tool_calls: [{ index: 0, id: 'currentTime_y46ar19t5gvw', type: 'function', function: { name: 'currentTime', arguments: '' } }] }) },
      { ...base(id), choices: choice({}, 'tool_calls') },
    ]);
  });

  // Built from the event shapes in https://docs.cohere.com/docs/streaming and https://docs.cohere.com/reference/chat-stream
  // (no recording of argument deltas, parallel calls, thinking or citations in a stream exists here).
  it('maps argument deltas of parallel tool calls with indexes from 0, thinking deltas and citations (from the API reference)', async () => {
    const events = [
      { type: 'message-start', id: 'c0ffee', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } },
      { type: 'content-start', index: 0, delta: { message: { content: { type: 'thinking', thinking: '' } } } },
      { type: 'content-delta', index: 0, delta: { message: { content: { thinking: 'Two cities.' } } } },
      { type: 'content-end', index: 0 },
      { type: 'tool-call-start', index: 3, delta: { message: { tool_calls: { id: 'get_weather_a', type: 'function', function: { name: 'get_weather', arguments: '' } } } } },
      { type: 'tool-call-delta', index: 3, delta: { message: { tool_calls: { function: { arguments: '{\n    "' } } } } },
      { type: 'tool-call-delta', index: 3, delta: { message: { tool_calls: { function: { arguments: 'location":"Paris"}' } } } } },
      { type: 'tool-call-end', index: 3 },
      { type: 'tool-call-start', index: 4, delta: { message: { tool_calls: { id: 'get_weather_b', type: 'function', function: { name: 'get_weather', arguments: '{"location":' } } } } },
      { type: 'tool-call-delta', index: 4, delta: { message: { tool_calls: { function: { arguments: '"Lyon"}' } } } } },
      { type: 'tool-call-end', index: 4 },
      { type: 'debug', prompt: 'ignored' },
      { type: 'message-end', delta: { finish_reason: 'TOOL_CALL', usage: { tokens: { input_tokens: 30, output_tokens: 20 } } } },
    ].map((event) => ({ event: event.type, data: JSON.stringify(event) }));
    expect(await collect([...events, { data: '[DONE]' }])).toStrictEqual([
      { ...base('c0ffee'), choices: choice({ role: 'assistant', content: '' }) },
      { ...base('c0ffee'), choices: choice({ reasoning_content: 'Two cities.' }) },
      { ...base('c0ffee'), choices: choice({ tool_calls: [{ index: 0, id: 'get_weather_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }) },
      { ...base('c0ffee'), choices: choice({ tool_calls: [{ index: 0, function: { arguments: '{\n    "' } }] }) },
      { ...base('c0ffee'), choices: choice({ tool_calls: [{ index: 0, function: { arguments: 'location":"Paris"}' } }] }) },
      { ...base('c0ffee'), choices: choice({ tool_calls: [{ index: 1, id: 'get_weather_b', type: 'function', function: { name: 'get_weather', arguments: '{"location":' } }] }) },
      { ...base('c0ffee'), choices: choice({ tool_calls: [{ index: 1, function: { arguments: '"Lyon"}' } }] }) },
      { ...base('c0ffee'), choices: choice({}, 'tool_calls') },
      { ...base('c0ffee'), choices: [], usage: { prompt_tokens: 30, completion_tokens: 20, total_tokens: 50 } },
    ]);

    const citation = { start: 14, end: 29, text: 'gym memberships', sources: [{ type: 'document', id: 'doc:1', document: { id: 'doc:1', text: 'We offer gym memberships.' } }], type: 'TEXT_CONTENT' };
    const rag = [
      { type: 'message-start', id: 'rag1' },
      { type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } },
      { type: 'content-delta', index: 0, delta: { message: { content: { text: 'We offer gym memberships.' } } } },
      { type: 'citation-start', index: 0, delta: { message: { citations: citation } } },
      { type: 'citation-end', index: 0 },
      { type: 'content-end', index: 0 },
      { type: 'message-end', delta: { finish_reason: 'COMPLETE' } },
    ].map((event) => ({ event: event.type, data: JSON.stringify(event) }));
    expect(await collect(rag)).toStrictEqual([
      { ...base('rag1'), choices: choice({ role: 'assistant', content: '' }) },
      { ...base('rag1'), choices: choice({ content: 'We offer gym memberships.' }) },
      { ...base('rag1'), choices: choice({ citations: [citation] }) },
      { ...base('rag1'), choices: choice({}, 'stop') },
    ]);
  });

  it('throws for a message-end with finish_reason ERROR, after the chunks before it', async () => {
    const events = [
      { type: 'message-start', id: 'e1' },
      { type: 'content-delta', index: 0, delta: { message: { content: { text: 'Partial' } } } },
      { type: 'message-end', delta: { finish_reason: 'ERROR', error: 'model overloaded' } },
    ].map((event) => ({ event: event.type, data: JSON.stringify(event) }));
    const { chunks, error } = await failure(events);
    expect({ chunks, errorClass: error.errorClass, status: error.status, message: error.message }).toStrictEqual({
      chunks: 2,
      errorClass: 'InternalServerError',
      status: 502,
      message: 'cohere: the generation ended with finish_reason ERROR: model overloaded',
    });
  });

  it('throws an error report event, and stream_interrupted when the body ends before message-end', async () => {
    const reported = await failure([{ event: 'message-start', data: '{"type":"message-start","id":"e2"}' }, { data: '{"id":"9a1","message":"streaming error"}' }]);
    expect([reported.chunks, reported.error.errorClass, reported.error.message]).toStrictEqual([1, 'InternalServerError', 'cohere: streaming error']);
    const cut = await failure(recordedEvents('cohere/vercel-ai/cohere-text.chunks.txt').slice(0, 5));
    expect([cut.chunks, cut.error.code, cut.error.status, cut.error.message]).toStrictEqual([4, 'stream_interrupted', 502, 'cohere: the stream ended before message-end']);
  });
});
