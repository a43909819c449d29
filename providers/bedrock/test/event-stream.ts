import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { readFixtureText } from '@switchyard/core/testing';

/*
 * Builds ConverseStream bodies where no binary recording exists: the AI SDK's decoded chunk files
 * (`{"<eventType>": payload}` per line) re-encoded as AWS event-stream messages with the codec, CRCs and all, in the
 * layout the ConverseStream reference describes (:event-type, :content-type, :message-type headers).
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */

const codec = new EventStreamCodec(toUtf8, fromUtf8);

export function eventFrame(eventType: string, payload: unknown): Buffer {
  return Buffer.from(
    codec.encode({
      headers: {
        ':event-type': { type: 'string', value: eventType },
        ':content-type': { type: 'string', value: 'application/json' },
        ':message-type': { type: 'string', value: 'event' },
      },
      body: fromUtf8(JSON.stringify(payload)),
    }),
  );
}

/** An exception message, as Bedrock sends one mid-stream. */
export function exceptionFrame(exceptionType: string, message: string): Buffer {
  return Buffer.from(
    codec.encode({
      headers: {
        ':exception-type': { type: 'string', value: exceptionType },
        ':content-type': { type: 'string', value: 'application/json' },
        ':message-type': { type: 'string', value: 'exception' },
      },
      body: fromUtf8(JSON.stringify({ message })),
    }),
  );
}

/** A vercel-ai `.chunks.txt` file as an event-stream body. */
export function eventStreamOfChunks(path: string): Buffer {
  const frames = readFixtureText(path)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [[eventType, payload]] = Object.entries(JSON.parse(line) as Record<string, unknown>);
      return eventFrame(eventType, payload);
    });
  return Buffer.concat(frames);
}

export async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}
