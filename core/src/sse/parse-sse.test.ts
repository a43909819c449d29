import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/fixtures.js';
import { parseNdjson, parseSse, type UpstreamEvent } from './parse-sse.js';

async function* chunksOf(parts: ReadonlyArray<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
  for (const part of parts) yield part;
}

async function collect(events: AsyncIterable<UpstreamEvent>): Promise<UpstreamEvent[]> {
  const out: UpstreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const sse = (parts: ReadonlyArray<Uint8Array | string>) => collect(parseSse(chunksOf(parts)));
const ndjson = (parts: ReadonlyArray<Uint8Array | string>) => collect(parseNdjson(chunksOf(parts)));
const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Every way of cutting `body` in two, plus one byte per chunk. */
function everySplit(body: Buffer): Buffer[][] {
  const splits: Buffer[][] = [];
  for (let at = 1; at < body.length; at++) splits.push([body.subarray(0, at), body.subarray(at)]);
  splits.push(Array.from(body, (_byte, index) => body.subarray(index, index + 1)));
  return splits;
}

describe('parseSse', () => {
  it('decodes data events', async () => {
    expect(await sse(['data: {"a":1}\n\ndata: {"a":2}\n\n'])).toEqual([{ data: '{"a":1}' }, { data: '{"a":2}' }]);
  });

  it('gives the same events however the bytes are split into chunks', async () => {
    // Named events, a comment, a multi-line event, CR LF endings and a two-byte UTF-8 character to cut in half.
    const body = bytes('event: start\r\ndata: {"x":"é"}\r\n\r\n: keep-alive\r\n\r\ndata: one\r\ndata: two\r\n\r\ndata: [DONE]\r\n\r\n');
    const expected = [{ event: 'start', data: '{"x":"é"}' }, { data: 'one\ntwo' }, { data: '[DONE]' }];
    for (const parts of everySplit(body)) expect(await sse(parts)).toEqual(expected);
  });

  it('reads LF, CR LF and CR line endings alike', async () => {
    const expected = [{ event: 'a', data: '1' }, { data: '2' }];
    expect(await sse(['event: a\ndata: 1\n\ndata: 2\n\n'])).toEqual(expected);
    expect(await sse(['event: a\r\ndata: 1\r\n\r\ndata: 2\r\n\r\n'])).toEqual(expected);
    expect(await sse(['event: a\rdata: 1\r\rdata: 2\r\r'])).toEqual(expected);
  });

  it('reads a CR LF split across two chunks as one line break', async () => {
    expect(await sse(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([{ data: 'a\nb' }]);
  });

  it('reads a CR LF split by an empty chunk as one line break', async () => {
    expect(await sse(['data: a\r', '', '\ndata: b\r\n\r\n'])).toEqual([{ data: 'a\nb' }]);
  });

  it('skips comment lines', async () => {
    expect(await sse([': ping\n\ndata: x\n: inside an event\n\n'])).toEqual([{ data: 'x' }]);
  });

  it('joins the data lines of one event with newlines', async () => {
    expect(await sse(['data: {"a":\ndata: 1}\n\n'])).toEqual([{ data: '{"a":\n1}' }]);
  });

  it('keeps the event name with its data', async () => {
    expect(await sse(['event: message_start\ndata: {}\n\nevent: message_stop\ndata: {}\n\n'])).toEqual([
      { event: 'message_start', data: '{}' },
      { event: 'message_stop', data: '{}' },
    ]);
  });

  it('forgets an event name whose event had no data', async () => {
    expect(await sse(['event: ping\n\ndata: x\n\n'])).toEqual([{ data: 'x' }]);
  });

  it('removes only one space after the colon and keeps trailing spaces', async () => {
    expect(await sse(['data:  two spaces   \n\ndata:none\n\n'])).toEqual([{ data: ' two spaces   ' }, { data: 'none' }]);
  });

  it('ignores id, retry and unknown fields', async () => {
    expect(await sse(['id: 7\nretry: 1000\nfoo: bar\ndata: x\n\n'])).toEqual([{ data: 'x' }]);
  });

  it('yields a final event the body ended without its blank line', async () => {
    expect(await sse(['data: a\n\nevent: last\ndata: b'])).toEqual([{ data: 'a' }, { event: 'last', data: 'b' }]);
  });

  it('yields a final event that ended with one line break', async () => {
    expect(await sse(['data: a\n'])).toEqual([{ data: 'a' }]);
  });

  it('yields nothing for an empty body or one with only comments', async () => {
    expect(await sse([])).toEqual([]);
    expect(await sse([': hello\n\n'])).toEqual([]);
  });

  it('skips a byte order mark at the start of the body', async () => {
    expect(await sse([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('data: x\n\n')])])).toEqual([{ data: 'x' }]);
  });

  it('accepts string chunks', async () => {
    expect(await sse(['data: ', 'x\n', '\n'])).toEqual([{ data: 'x' }]);
  });
});

describe('parseSse on recorded provider streams', () => {
  it("decodes Anthropic's named events with space-padded data lines", async () => {
    const events = await sse([readFixture('anthropic/anthropic-sdk-typescript/stream-a-refusal.sse')]);
    expect(events.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[2]).toEqual({ event: 'ping', data: '{"type": "ping"}' });
    expect(events[13]).toEqual({ event: 'message_stop', data: '{"type":"message_stop"      }' });
    expect(events.map((event) => (JSON.parse(event.data) as { type: string }).type)).toEqual(events.map((event) => event.event));
  });

  it("decodes Gemini's CR LF separated events", async () => {
    const events = await sse([readFixture('gemini/pydantic-ai/test_google_model_stream.1.response.sse')]);
    const texts = events.map((event) => (JSON.parse(event.data) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> }).candidates[0].content.parts[0].text);
    expect(texts).toEqual(['The', ' capital of France', ' is Paris.\n']);
    expect(events.every((event) => event.event === undefined && !event.data.includes('\r'))).toBe(true);
  });

  it.each([
    'anthropic/anthropic-sdk-typescript/stream-a-refusal.sse',
    'anthropic/anthropic-sdk-typescript/stream-a-toolrefusal.sse',
    'anthropic/anthropic-sdk-typescript/stream-b-fallback.sse',
    'anthropic/pydantic-ai/test_anthropic_compaction_usage_with_cache_streaming.1.response.sse',
    'anthropic/pydantic-ai/test_anthropic_model_thinking_part_redacted_stream.1.response.sse',
    'anthropic/pydantic-ai/test_request_stream_fallback_for_high_max_tokens.1.response.sse',
    'gemini/pydantic-ai/test_google_model_stream.1.response.sse',
    'gemini/pydantic-ai/test_google_stream_usage_is_live_mid_stream.1.response.sse',
    'gemini/pydantic-ai/test_google_streaming_tool_call_thought_signature.1.response.sse',
    'gemini/pydantic-ai/test_google_streaming_tool_call_thought_signature.2.response.sse',
  ])('decodes %s to one JSON event per data line, however it is split', async (path) => {
    const body = readFixture(path);
    const whole = await sse([body]);
    expect(whole).toHaveLength(body.toString('utf8').match(/^data:/gm)?.length ?? 0);
    for (const event of whole) expect(() => JSON.parse(event.data)).not.toThrow();
    // Every cut would be quadratic on these files; every 7th byte still lands on every kind of boundary.
    for (let at = 1; at < body.length; at += 7) expect(await sse([body.subarray(0, at), body.subarray(at)])).toEqual(whole);
    expect(await sse(Array.from(body, (_byte, index) => body.subarray(index, index + 1)))).toEqual(whole);
  });
});

describe('parseNdjson', () => {
  it('yields one event per line', async () => {
    expect(await ndjson(['{"a":1}\n{"a":2}\n'])).toEqual([{ data: '{"a":1}' }, { data: '{"a":2}' }]);
  });

  it('gives the same events however the bytes are split into chunks', async () => {
    const body = bytes('{"x":"é"}\n\n{"y":2}\r\n{"z":3}');
    const expected = [{ data: '{"x":"é"}' }, { data: '{"y":2}' }, { data: '{"z":3}' }];
    for (const parts of everySplit(body)) expect(await ndjson(parts)).toEqual(expected);
  });

  it('skips blank lines', async () => {
    expect(await ndjson(['\n  \n{"a":1}\n\n'])).toEqual([{ data: '{"a":1}' }]);
  });

  it('yields a last line that has no newline', async () => {
    expect(await ndjson(['{"a":1}\n{"done":true}'])).toEqual([{ data: '{"a":1}' }, { data: '{"done":true}' }]);
  });

  it("decodes Ollama's documented stream", async () => {
    const events = await ndjson([readFixture('ollama/ollama-docs/generate-stream.ndjson')]);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(() => JSON.parse(event.data)).not.toThrow();
  });
});
