/** One decoded upstream event: an SSE event, or one NDJSON line (as `data`). */
export interface UpstreamEvent {
  /** The SSE `event:` field, when the upstream names its events (Anthropic does, OpenAI does not). */
  readonly event?: string;
  readonly data: string;
}

const lineBreak = /\r\n|\r|\n/g;

/**
 * Decodes a text/event-stream body into events. Handles every line ending the spec allows, comments, multi-line
 * data, and a CR LF split across two network chunks.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export async function* parseSse(body: AsyncIterable<Uint8Array | string>, mapError: (error: unknown) => unknown = rethrow): AsyncGenerator<UpstreamEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string | undefined;
  let event: string | undefined;
  let skipLeadingNewline = false;

  // Errors of the body (a reset connection) are mapped here, saving a wrapper generator per stream.
  try {
    for await (const chunk of body) {
      buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      // An empty chunk (or half a UTF-8 character) says nothing about whether the CR LF goes on.
      if (buffer.length === 0) continue;
      if (skipLeadingNewline && buffer.startsWith('\n')) buffer = buffer.slice(1);
      skipLeadingNewline = false;
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
          if (breakLength === 1 && match[0] === '\r' && end === buffer.length - 1) skipLeadingNewline = true;
        } else {
          end = buffer.indexOf('\n', start);
          if (end === -1) break;
        }
        const lineStart = start;
        start = end + breakLength;
        if (end === lineStart) {
          if (data !== undefined) {
            yield event === undefined ? { data } : { event, data };
            data = undefined;
          }
          // The spec resets the event name at every blank line, also after an event that had no data.
          event = undefined;
          continue;
        }
        const first = buffer.charCodeAt(lineStart);
        if (first === 58 /* ':' comment */) continue;
        if (first === 100 /* 'd' */ && buffer.startsWith('data:', lineStart)) {
          const valueStart = buffer.charCodeAt(lineStart + 5) === 32 ? lineStart + 6 : lineStart + 5;
          const value = buffer.slice(valueStart, end);
          data = data === undefined ? value : data + '\n' + value;
          continue;
        }
        const line = buffer.slice(lineStart, end);
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.charCodeAt(0) === 32) value = value.slice(1);
        if (field === 'data') data = data === undefined ? value : data + '\n' + value;
        else if (field === 'event') event = value;
      }
      buffer = buffer.slice(start);
    }
  } catch (error) {
    throw mapError(error);
  }
  buffer += decoder.decode();
  // Lenient on a body cut before its final blank line: the last event still counts.
  if (buffer.startsWith('data:')) {
    const value = buffer.slice(5);
    data = (data === undefined ? '' : data + '\n') + (value.charCodeAt(0) === 32 ? value.slice(1) : value);
  }
  if (data !== undefined) yield event === undefined ? { data } : { event, data };
}

/** Decodes a newline-delimited JSON body (Ollama's native stream) into one event per non-empty line. */
export async function* parseNdjson(body: AsyncIterable<Uint8Array | string>, mapError: (error: unknown) => unknown = rethrow): AsyncGenerator<UpstreamEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of body) {
      buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        const line = buffer.slice(0, newline).trim();
        if (line.length > 0) yield { data: line };
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    }
  } catch (error) {
    throw mapError(error);
  }
  const rest = (buffer + decoder.decode()).trim();
  if (rest.length > 0) yield { data: rest };
}

function rethrow(error: unknown): unknown {
  return error;
}
