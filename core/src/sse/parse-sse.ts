import { EventStream, type EventDecoder, type UpstreamEvent } from './event-stream.js';

export type { UpstreamEvent } from './event-stream.js';

const lineBreak = /\r\n|\r|\n/g;

/**
 * Decodes a text/event-stream body into events. Handles every line ending the spec allows, comments, multi-line
 * data, and a CR LF split across two network chunks.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
class SseDecoder implements EventDecoder {
  private buffer = '';
  private data: string | undefined;
  private event: string | undefined;
  private skipLeadingNewline = false;

  push(text: string, emit: (event: UpstreamEvent) => void): void {
    let buffer = this.buffer.length === 0 ? text : this.buffer + text;
    // An empty chunk (or half a UTF-8 character) says nothing about whether the CR LF goes on.
    if (buffer.length === 0) return;
    if (this.skipLeadingNewline && buffer.charCodeAt(0) === 10) buffer = buffer.slice(1);
    this.skipLeadingNewline = false;
    // Most upstreams end lines with LF alone; indexOf finds those faster than the regex all three endings need.
    const hasCR = buffer.indexOf('\r') !== -1;
    let start = 0;
    for (;;) {
      let end: number;
      let breakLength = 1;
      if (hasCR) {
        lineBreak.lastIndex = start;
        const match = lineBreak.exec(buffer);
        if (match === null) break;
        end = match.index;
        breakLength = match[0].length;
        // A lone CR at the very end may be the first half of a CR LF still in flight.
        if (breakLength === 1 && match[0] === '\r' && end === buffer.length - 1) this.skipLeadingNewline = true;
      } else {
        end = buffer.indexOf('\n', start);
        if (end === -1) break;
      }
      const lineStart = start;
      start = end + breakLength;
      if (end === lineStart) {
        if (this.data !== undefined) {
          emit(this.event === undefined ? { data: this.data } : { event: this.event, data: this.data });
          this.data = undefined;
        }
        // The spec resets the event name at every blank line, also after an event that had no data.
        this.event = undefined;
        continue;
      }
      const first = buffer.charCodeAt(lineStart);
      if (first === 58 /* ':' comment */) continue;
      if (first === 100 /* 'd' */ && buffer.startsWith('data:', lineStart)) {
        const valueStart = buffer.charCodeAt(lineStart + 5) === 32 ? lineStart + 6 : lineStart + 5;
        const value = buffer.slice(valueStart, end);
        this.data = this.data === undefined ? value : this.data + '\n' + value;
        continue;
      }
      const line = buffer.slice(lineStart, end);
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.charCodeAt(0) === 32) value = value.slice(1);
      if (field === 'data') this.data = this.data === undefined ? value : this.data + '\n' + value;
      else if (field === 'event') this.event = value;
    }
    this.buffer = start === buffer.length ? '' : buffer.slice(start);
  }

  end(emit: (event: UpstreamEvent) => void): void {
    // Lenient on a body cut before its final blank line: the last event still counts.
    const buffer = this.buffer;
    this.buffer = '';
    if (buffer.startsWith('data:')) {
      const value = buffer.slice(5);
      this.data = (this.data === undefined ? '' : this.data + '\n') + (value.charCodeAt(0) === 32 ? value.slice(1) : value);
    }
    if (this.data !== undefined) emit(this.event === undefined ? { data: this.data } : { event: this.event, data: this.data });
    this.data = undefined;
  }
}

/** Decodes a newline-delimited JSON body (Ollama's native stream) into one event per non-empty line. */
class NdjsonDecoder implements EventDecoder {
  private buffer = '';

  push(text: string, emit: (event: UpstreamEvent) => void): void {
    const buffer = this.buffer.length === 0 ? text : this.buffer + text;
    let start = 0;
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(start, newline).trim();
      if (line.length > 0) emit({ data: line });
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
    }
    this.buffer = start === buffer.length ? '' : buffer.slice(start);
  }

  end(emit: (event: UpstreamEvent) => void): void {
    const rest = this.buffer.trim();
    this.buffer = '';
    if (rest.length > 0) emit({ data: rest });
  }
}

/** The events of a text/event-stream body. Errors of the body (a reset connection) come out through `mapError`. */
export function parseSse(body: AsyncIterable<Uint8Array | string>, mapError: (error: unknown) => unknown = rethrow): EventStream {
  return new EventStream(body[Symbol.asyncIterator](), new SseDecoder(), mapError);
}

/** The events of a newline-delimited JSON body, one per non-empty line. */
export function parseNdjson(body: AsyncIterable<Uint8Array | string>, mapError: (error: unknown) => unknown = rethrow): EventStream {
  return new EventStream(body[Symbol.asyncIterator](), new NdjsonDecoder(), mapError);
}

function rethrow(error: unknown): unknown {
  return error;
}
