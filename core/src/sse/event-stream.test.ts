import { describe, expect, it } from 'vitest';
import { EventStream, mapEvents, type UpstreamEvent } from './event-stream.js';
import { parseSse } from './parse-sse.js';

/** A body whose reads are the given parts, recording whether it was told to stop early. */
function bodyOf(parts: ReadonlyArray<Uint8Array | string | Error>) {
  let index = 0;
  const state = { returned: false };
  const iterator: AsyncIterableIterator<Uint8Array | string> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      if (index >= parts.length) return { done: true, value: undefined };
      const part = parts[index++];
      if (part instanceof Error) throw part;
      return { done: false, value: part };
    },
    async return() {
      state.returned = true;
      return { done: true, value: undefined };
    },
  };
  return { iterator, state };
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of stream) out.push(value);
  return out;
}

describe('mapEvents', () => {
  it('maps the events of core\'s own stream in the same pass, skipping those mapped to undefined', async () => {
    const events = parseSse(bodyOf(['data: 1\n\ndata: skip\n\ndata: 2\n\n', 'data: 3\n\n']).iterator);
    const mapped = mapEvents(events, (event) => (event.data === 'skip' ? undefined : Number(event.data) * 10));
    // The same object: no second iterator, so no second await per event.
    expect(mapped).toBe(events);
    expect(await collect(mapped)).toStrictEqual([10, 20, 30]);
  });

  it('maps any other async iterable of events through a generator', async () => {
    async function* events(): AsyncGenerator<UpstreamEvent> {
      yield { data: 'a' };
      yield { data: 'b' };
    }
    expect(await collect(mapEvents(events(), (event) => event.data.toUpperCase()))).toStrictEqual(['A', 'B']);
  });

  it('does not take over a stream that has already been read from', async () => {
    const events = parseSse(bodyOf(['data: 1\n\ndata: 2\n\n']).iterator);
    expect(await events.next()).toStrictEqual({ done: false, value: { data: '1' } });
    const mapped = mapEvents(events, (event) => `#${event.data}`);
    expect(mapped).not.toBe(events);
    expect(await collect(mapped)).toStrictEqual(['#2']);
  });

  it('yields the events decoded before a mapping threw, then throws, and stops reading the body', async () => {
    const body = bodyOf(['data: 1\n\ndata: bad\n\ndata: 3\n\n', 'data: 4\n\n']);
    const mapped = mapEvents(parseSse(body.iterator), (event) => {
      if (event.data === 'bad') throw new Error('bad event');
      return event.data;
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const value of mapped) seen.push(value);
      })(),
    ).rejects.toThrow('bad event');
    expect(seen).toStrictEqual(['1']);
    expect(body.state.returned).toBe(true);
  });
});

describe('EventStream', () => {
  it('yields what was decoded before the body failed, then the mapped failure', async () => {
    const events = parseSse(bodyOf(['data: 1\n\n', new Error('socket hang up')]).iterator, (error) => new Error(`mapped: ${(error as Error).message}`));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of events) seen.push(event.data);
      })(),
    ).rejects.toThrow('mapped: socket hang up');
    expect(seen).toStrictEqual(['1']);
  });

  it('tells the body to stop when the reader leaves early, and then reports the end', async () => {
    const body = bodyOf(['data: 1\n\ndata: 2\n\n', 'data: 3\n\n']);
    const events = parseSse(body.iterator);
    for await (const event of events) {
      expect(event).toStrictEqual({ data: '1' });
      break;
    }
    expect(body.state.returned).toBe(true);
    expect(await events.next()).toStrictEqual({ done: true, value: undefined });
  });

  it('decodes a character split across reads, and bytes that are not a Buffer', async () => {
    const bytes = new TextEncoder().encode('data: {"x":"€"}\n\n');
    const cut = bytes.indexOf(0x82);
    const events = parseSse(bodyOf([bytes.subarray(0, cut), bytes.subarray(cut)]).iterator);
    expect(events).toBeInstanceOf(EventStream);
    expect(await collect(events)).toStrictEqual([{ data: '{"x":"€"}' }]);
  });

  it('hands over the rest of a read at once through nextReady, and nothing before a read or once it is drained', async () => {
    const events = parseSse(bodyOf(['data: 1\n\ndata: 2\n\ndata: 3\n\n', 'data: 4\n\n']).iterator);
    expect(events.nextReady()).toBeUndefined();
    expect(await events.next()).toStrictEqual({ done: false, value: { data: '1' } });
    expect([events.nextReady(), events.nextReady(), events.nextReady()]).toStrictEqual([{ done: false, value: { data: '2' } }, { done: false, value: { data: '3' } }, undefined]);
    expect(await events.next()).toStrictEqual({ done: false, value: { data: '4' } });
    expect(await events.next()).toStrictEqual({ done: true, value: undefined });
  });
});
