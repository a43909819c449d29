import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { UpstreamError } from '@switchyard/core';

/*
 * The application/vnd.amazon.eventstream framing of ConverseStream: each message is a 12-byte prelude (total length,
 * headers length, prelude CRC32), headers, a payload and a message CRC32, all big-endian. Network reads cut messages
 * anywhere, so bytes are buffered until the prelude's total length has arrived; the codec then checks both CRCs and
 * parses the headers.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html (the event stream encoding)
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */

/** One decoded message: its string headers (`:message-type`, `:event-type`, `:exception-type`…) and UTF-8 payload. */
export interface BedrockStreamMessage {
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: string;
}

const preludeLength = 12;
const messageCrcLength = 4;
// The format caps a message at 16 MiB; a larger length means the bytes are not an event stream.
const largestMessage = 16 * 1024 * 1024;

export async function* decodeBedrockEventStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<BedrockStreamMessage> {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  let buffer: Uint8Array = new Uint8Array(0);
  for await (const chunk of body) {
    buffer = buffer.length === 0 ? chunk : concat(buffer, chunk);
    for (;;) {
      if (buffer.length < preludeLength) break;
      const total = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength).getUint32(0, false);
      if (total < preludeLength + messageCrcLength || total > largestMessage) throw invalid(`a message length of ${total} bytes`);
      if (buffer.length < total) break;
      yield decode(codec, buffer.subarray(0, total));
      buffer = buffer.subarray(total);
    }
  }
  if (buffer.length > 0) {
    throw new UpstreamError({ provider: 'bedrock', code: 'stream_interrupted', message: 'bedrock: the event stream ended inside a message', retryable: true });
  }
}

function decode(codec: EventStreamCodec, frame: Uint8Array): BedrockStreamMessage {
  let message: ReturnType<EventStreamCodec['decode']>;
  try {
    message = codec.decode(frame);
  } catch (error) {
    throw invalid((error as Error).message, error);
  }
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(message.headers)) {
    if (header.type === 'string') headers[name] = header.value;
  }
  return { headers, payload: toUtf8(message.body) };
}

function concat(left: Uint8Array, right: Uint8Array): Uint8Array {
  const joined = new Uint8Array(left.length + right.length);
  joined.set(left, 0);
  joined.set(right, left.length);
  return joined;
}

function invalid(detail: string, cause?: unknown): UpstreamError {
  return new UpstreamError({ provider: 'bedrock', code: 'upstream_invalid_response', message: `bedrock sent an event stream that cannot be decoded: ${detail}`, cause, retryable: true });
}
