import type { ChatChunk, UpstreamEvent } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { mapEchoStream } from './map-stream.mjs';

async function* from(events: UpstreamEvent[]): AsyncGenerator<UpstreamEvent> {
  yield* events;
}

async function collect(chunks: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

const events: UpstreamEvent[] = [
  { event: 'start', data: '{"echo_id":"echo-3","model":"parrot-1","created_at":"2025-01-01T00:00:00.000Z"}' },
  { event: 'token', data: '{"text":"Hello "}' },
  { event: 'token', data: '{"text":"there"}' },
  { event: 'end', data: '{"stop":"end","tokens":{"input":2,"output":2}}' },
];
const base = { id: 'echo-3', object: 'chat.completion.chunk', created: 1735689600, model: 'parrot-1' };

describe('mapEchoStream', () => {
  it('maps start, tokens and end to chunks, with usage when asked', async () => {
    expect(await collect(mapEchoStream(from(events), { includeUsage: true }))).toEqual([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: 'Hello ' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: 'there' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...base, choices: [], usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 } },
    ]);
  });

  it('sends no usage chunk unless the client asked for one', async () => {
    const chunks = await collect(mapEchoStream(from(events), { includeUsage: false }));
    expect(chunks.at(-1)).toEqual({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  });

  it('skips event types it does not know', async () => {
    const withExtra = [events[0], { event: 'heartbeat', data: '{}' }, ...events.slice(1)];
    expect(await collect(mapEchoStream(from(withExtra), { includeUsage: false }))).toHaveLength(4);
  });

  it('fails with stream_interrupted when the stream stops before its end event', async () => {
    await expect(collect(mapEchoStream(from(events.slice(0, 2)), { includeUsage: false }))).rejects.toMatchObject({
      status: 502,
      code: 'stream_interrupted',
      message: 'echo: the stream ended before its end event',
    });
  });

  it('fails with upstream_invalid_response on an event that is not JSON', async () => {
    await expect(collect(mapEchoStream(from([{ event: 'start', data: 'oops' }]), { includeUsage: false }))).rejects.toMatchObject({
      code: 'upstream_invalid_response',
      message: 'echo: a start event is not JSON',
    });
  });
});
