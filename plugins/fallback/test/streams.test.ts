import { readFixture } from '@switchyard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { deployment, faultyUpstream, hello, openAIError, runCleanups, startFaultGateway } from './fault-gateway.js';

afterEach(runCleanups);

/** Recorded OpenAI stream: 13 chunks, whose contents join to {"city":"San Francisco","units":"f"}. */
const recordedStream = readFixture('openai/openai-node/chat-stream.content-logprobs.sse');
/** Byte offset of the third event: cutting there leaves the client two chunks. */
const afterTwoChunks = 677;
const streamAnswer = { status: 200, headers: { 'content-type': 'text/event-stream' }, body: recordedStream, split: 'events' as const };

describe('streams', () => {
  it('falls back when a stream fails before its first chunk', async () => {
    const down = await faultyUpstream(openAIError(503, null, 'server_error'));
    const healthy = await faultyUpstream(streamAnswer);
    const { client } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'down', down), deployment('gpt-4o', 'healthy', healthy)] },
      { plugin: { num_retries: 1 } },
    );
    const { data: stream, response } = await client.chat.completions.create({ model: 'gpt-4o', messages: hello, stream: true }).withResponse();
    let content = '';
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    expect([content, response.headers.get('x-switchyard-deployment'), response.headers.get('x-switchyard-attempts')]).toEqual([
      '{"city":"San Francisco","units":"f"}',
      'healthy',
      '2',
    ]);
  });

  it('ends a stream cut after two chunks with an error event instead of truncating it silently', async () => {
    const cut = await faultyUpstream({ ...streamAnswer, resetAfterBytes: afterTwoChunks });
    const spare = await faultyUpstream(streamAnswer);
    const { client, records } = await startFaultGateway(
      { model_list: [deployment('gpt-4o', 'cut', cut), deployment('gpt-4o', 'spare', spare)] },
      { plugin: { num_retries: 1 } },
    );
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: hello, stream: true });
    const contents: Array<string | null | undefined> = [];
    const error = await (async () => {
      for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content);
    })().catch((thrown: unknown) => thrown);
    expect({
      contents,
      message: (error as Error).message,
      record: { status: records[0].status, code: records[0].error?.code, attempts: records[0].context.attempts.length },
      spareCalls: spare.requests.length,
    }).toEqual({
      contents: ['', '{"'],
      message: 'The upstream stream broke off: could not reach openai: other side closed',
      record: { status: 200, code: 'stream_interrupted', attempts: 1 },
      spareCalls: 0,
    });
  });

  it('writes the break of a cut stream as a final OpenAI-style error event', async () => {
    const cut = await faultyUpstream({ ...streamAnswer, resetAfterBytes: afterTwoChunks });
    const { baseURL } = await startFaultGateway({ model_list: [deployment('gpt-4o', 'cut', cut)] }, { plugin: {} });
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: hello, stream: true }),
    });
    const events = (await response.text()).split('\n\n').filter((event) => event !== '');
    expect([response.status, events.length, JSON.parse(events.at(-1)!.slice('data: '.length))]).toEqual([
      200,
      3,
      {
        error: {
          message: 'The upstream stream broke off: could not reach openai: other side closed',
          type: 'upstream_error',
          param: null,
          code: 'stream_interrupted',
        },
      },
    ]);
  });
});
