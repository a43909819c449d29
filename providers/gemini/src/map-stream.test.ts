import { parseSse, type ChatChunk, type UpstreamEvent } from '@switchyard/core';
import { readFixture, readFixtureText } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapGeminiStream, type GeminiStreamOptions } from './map-stream.js';

const options: GeminiStreamOptions = { provider: 'gemini', model: 'gemini-deployment-model', created: 1700000000, includeUsage: true };

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

async function collect(events: AsyncIterable<UpstreamEvent>, streamOptions = options): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of mapGeminiStream(events, streamOptions)) chunks.push(chunk);
  return chunks;
}

const sse = (path: string): AsyncIterable<UpstreamEvent> => parseSse(once(readFixture(`gemini/${path}`)));

async function* lines(path: string): AsyncGenerator<UpstreamEvent> {
  for (const line of readFixtureText(`gemini/${path}`).split('\n')) if (line.trim() !== '') yield { data: line };
}

async function* literal(...data: unknown[]): AsyncGenerator<UpstreamEvent> {
  for (const item of data) yield { data: typeof item === 'string' ? item : JSON.stringify(item) };
}

const base = (id: string, model: string) => ({ id, object: 'chat.completion.chunk' as const, created: 1700000000, model });

describe('mapGeminiStream', () => {
  it('streams text from a CRLF-framed recording, with the last usage in a usage chunk (pydantic-ai test_google_model_stream)', async () => {
    const head = base('w1peaMz6INOvnvgPgYfPiQY', 'gemini-2.0-flash-exp');
    expect(await collect(sse('pydantic-ai/test_google_model_stream.1.response.sse'))).toEqual([
      { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: 'The' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { content: ' capital of France' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { content: ' is Paris.\n' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...head, choices: [], usage: { prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 } },
    ]);
  });

  it('sends no usage chunk without include_usage', async () => {
    const chunks = await collect(sse('pydantic-ai/test_google_stream_usage_is_live_mid_stream.1.response.sse'), { ...options, includeUsage: false });
    expect(chunks.map((chunk) => [chunk.choices[0]?.delta.content, chunk.choices[0]?.finish_reason, chunk.usage])).toEqual([
      ['1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n1', null, undefined],
      ['4\n15\n16\n17\n18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n3', null, undefined],
      ['0', null, undefined],
      [undefined, 'stop', undefined],
    ]);
  });

  it('emits a whole functionCall as one tool_calls delta carrying its thought signature (gemini-3 recording)', async () => {
    const path = 'gemini/pydantic-ai/test_google_streaming_tool_call_thought_signature.1.response.sse';
    const signature = JSON.parse(readFixtureText(path).split('\r\n\r\n')[0]!.slice('data: '.length)).candidates[0].content.parts[0].thoughtSignature as string;
    expect(signature).toMatch(/^EpwICpkIAXLI2nxl/);
    const head = base('QUVVadTSNJ6_qtsPvN7J8Q0', 'gemini-3-pro-preview');
    expect(await collect(sse('pydantic-ai/test_google_streaming_tool_call_thought_signature.1.response.sse'))).toEqual([
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: {
              role: 'assistant',
              content: '',
              tool_calls: [{ index: 0, id: 'call_QUVVadTSNJ6_qtsPvN7J8Q0_0_0', type: 'function', function: { name: 'get_country', arguments: '{}' }, provider_specific_fields: { thought_signature: signature } }],
            },
            finish_reason: null,
          },
        ],
      },
      { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
      { ...head, choices: [], usage: { prompt_tokens: 29, completion_tokens: 212, total_tokens: 241, completion_tokens_details: { reasoning_tokens: 202 } } },
    ]);
  });

  it('streams thought summaries as reasoning_content and a trailing text signature (vercel-ai chunks, built as events)', async () => {
    const chunks = await collect(
      literal(
        { candidates: [{ content: { role: 'model', parts: [{ text: 'Counting letters.', thought: true }] }, index: 0 }], modelVersion: 'gemini-2.5-pro', responseId: 'r2' },
        { candidates: [{ content: { role: 'model', parts: [{ text: 'Three.' }] }, index: 0 }], modelVersion: 'gemini-2.5-pro', responseId: 'r2' },
        { candidates: [{ content: { role: 'model', parts: [{ text: '', thoughtSignature: 'c2ln' }] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 2, thoughtsTokenCount: 5, totalTokenCount: 16 }, modelVersion: 'gemini-2.5-pro', responseId: 'r2' },
      ),
    );
    const head = base('r2', 'gemini-2.5-pro');
    expect(chunks).toEqual([
      { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '', reasoning_content: 'Counting letters.' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { content: 'Three.' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { provider_specific_fields: { thought_signatures: ['c2ln'] } }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...head, choices: [], usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16, completion_tokens_details: { reasoning_tokens: 5 } } },
    ]);
  });

  it('counts tool call indexes across events (vercel-ai google-reasoning.chunks.txt for text, parallel calls built as events)', async () => {
    const text = await collect(lines('vercel-ai/google-reasoning.chunks.txt'), { ...options, includeUsage: false });
    expect(text.map((chunk) => [chunk.choices[0]!.delta, chunk.choices[0]!.finish_reason])).toEqual([
      [{ role: 'assistant', content: 'There are **3** "r"s in' }, null],
      [{ content: ' strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.' }, null],
      [{ provider_specific_fields: { thought_signatures: [expect.stringMatching(/^Eo0HCooHAb4\+9vutXdtK/)] } }, null],
      [{}, 'stop'],
    ]);
    const calls = await collect(
      literal(
        { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'a', args: { x: 1 } } }, { functionCall: { name: 'b', args: {} } }] } }], responseId: 'r3' },
        { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'c', args: {} } }] }, finishReason: 'STOP' }], responseId: 'r3' },
      ),
      { ...options, includeUsage: true },
    );
    expect(calls.map((chunk) => chunk.choices[0]?.delta.tool_calls ?? chunk.choices[0]?.finish_reason ?? chunk.usage)).toEqual([
      [
        { index: 0, id: 'call_r3_0_0', type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
        { index: 1, id: 'call_r3_0_1', type: 'function', function: { name: 'b', arguments: '{}' } },
      ],
      [{ index: 2, id: 'call_r3_0_2', type: 'function', function: { name: 'c', arguments: '{}' } }],
      'tool_calls',
    ]);
  });

  it('throws an error event as the mapped error (shape from the API reference)', async () => {
    const events = literal(
      { candidates: [{ content: { role: 'model', parts: [{ text: 'Par' }] } }], responseId: 'r4' },
      { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } },
    );
    await expect(collect(events)).rejects.toMatchObject({ status: 503, code: 'service_unavailable', errorClass: 'ServiceUnavailableError', upstreamStatus: 503, message: 'gemini: The model is overloaded. Please try again later.' });
  });

  it('throws stream_interrupted when the body ends before a finishReason', async () => {
    await expect(collect(literal({ candidates: [{ content: { role: 'model', parts: [{ text: 'Par' }] } }], responseId: 'r5' }))).rejects.toMatchObject({ code: 'stream_interrupted', status: 502, errorClass: 'InternalServerError' });
    await expect(collect(literal())).rejects.toMatchObject({ code: 'stream_interrupted' });
  });

  it('throws a blocked prompt before the first chunk', async () => {
    await expect(collect(literal({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 }, responseId: 'r6' }))).rejects.toMatchObject({
      code: 'content_policy_violation',
      status: 400,
      message: 'gemini: the prompt was blocked (SAFETY)',
    });
  });
});
