import { readFixture, readFixtureText } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { chunksOf } from '../test/event-stream.js';
import { decodeBedrockEventStream, type BedrockStreamMessage } from './decode-event-stream.js';

const recorded = 'bedrock/pydantic-ai/test_bedrock_model_stream_empty_text_delta.1.response';

async function decodeAll(bytes: Buffer, size: number): Promise<BedrockStreamMessage[]> {
  const messages: BedrockStreamMessage[] = [];
  for await (const message of decodeBedrockEventStream(chunksOf(bytes, size))) messages.push(message);
  return messages;
}

describe('decodeBedrockEventStream', () => {
  it.each([1, 7, 100_000])('decodes the recorded ConverseStream body read %i bytes at a time, as its decoded copy says', async (size) => {
    const expected = readFixtureText(`${recorded}.events.jsonl`)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { headers: Record<string, string>; payload: unknown });
    const messages = await decodeAll(readFixture(`${recorded}.eventstream`), size);
    expect(messages.map((message) => ({ headers: message.headers, payload: JSON.parse(message.payload) as unknown }))).toEqual(expected);
  });

  it('throws stream_interrupted when the body ends inside a message', async () => {
    const bytes = readFixture(`${recorded}.eventstream`);
    await expect(decodeAll(bytes.subarray(0, bytes.length - 3), 64)).rejects.toMatchObject({ code: 'stream_interrupted', status: 502 });
  });

  it('refuses a message whose CRC does not match', async () => {
    const bytes = Buffer.from(readFixture(`${recorded}.eventstream`));
    bytes[20] ^= 0xff;
    await expect(decodeAll(bytes, 4096)).rejects.toMatchObject({ code: 'upstream_invalid_response', status: 502 });
  });
});
