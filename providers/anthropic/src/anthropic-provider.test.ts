import { join } from 'node:path';
import OpenAI from 'openai';
import type { ModelListEntry } from '@switchyard/core';
import {
  createProviderHarness,
  openAPIValidator,
  readCassette,
  readFixture,
  readFixtureJson,
  rejectionOf,
  replayAnswerOf,
  specsDir,
  type ReplayResponse,
  type ReplayServer,
} from '@switchyard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { anthropic } from './anthropic-provider.js';

/*
 * End to end: the official openai client talks to a real gateway (createGateway + listen) whose deployments point at
 * a loopback server replaying recorded Anthropic traffic from shared/fixtures byte for byte.
 */

const openAISpec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));
const apiKey = 'sk-ant-test-e2e-0001';
const { replayServer, startGateway, cleanup } = createProviderHarness({ providers: [anthropic], client: (baseURL) => new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 }) });

afterEach(cleanup);

function deployment(replay: ReplayServer): ModelListEntry {
  return { model_name: 'claude', litellm_params: { model: 'anthropic/claude-sonnet-4-5', api_base: replay.url, api_key: apiKey } };
}

function sseAnswer(body: string | Buffer, split: ReplayResponse['split'] = 'whole'): ReplayResponse {
  return { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, body, split };
}

function upstreamOf(replay: ReplayServer, index = 0) {
  const request = replay.requests[index]!;
  return {
    method: request.method,
    path: request.path,
    headers: { 'x-api-key': request.headers['x-api-key'], 'anthropic-version': request.headers['anthropic-version'], 'content-type': request.headers['content-type'], authorization: request.headers.authorization },
    body: JSON.parse(request.body) as unknown,
  };
}

/** A recorded request body without its `stream: false`, which this mapping leaves out. */
function withoutStream(body: unknown): Record<string, unknown> {
  const { stream, ...rest } = structuredClone(body) as Record<string, unknown>;
  expect(stream).toBe(false);
  return rest;
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function sseDataOf(text: string): unknown[] {
  return text
    .split(/\n\n/)
    .filter((block) => block.startsWith('data: ') && block !== 'data: [DONE]')
    .map((block) => JSON.parse(block.slice('data: '.length)) as unknown);
}

// A parallel tool-use stream written from https://docs.anthropic.com/en/docs/build-with-claude/streaming (no recording
// of a parallel call exists in the fixtures): Anthropic's framing, two tool_use blocks after a text block.
const parallelToolStream = [
  ['message_start', '{"type":"message_start","message":{"id":"msg_01Parallel","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":2}}}'],
  ['content_block_start', '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}'],
  ['ping', '{"type": "ping"}'],
  ['content_block_delta', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking both cities."}}'],
  ['content_block_stop', '{"type":"content_block_stop","index":0}'],
  ['content_block_start', '{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01Paris","name":"get_weather","input":{}}}'],
  ['content_block_delta', '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}'],
  ['content_block_delta', '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Pa"}}'],
  ['content_block_delta', '{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ris\\"}"}}'],
  ['content_block_stop', '{"type":"content_block_stop","index":1}'],
  ['content_block_start', '{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01Rome","name":"get_weather","input":{}}}'],
  ['content_block_delta', '{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Rome\\"}"}}'],
  ['content_block_stop', '{"type":"content_block_stop","index":2}'],
  ['message_delta', '{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":96}}'],
  ['message_stop', '{"type":"message_stop"}'],
]
  .map(([event, data]) => `event: ${event}\ndata: ${data}\n\n`)
  .join('');

const weatherTool = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

describe('chat completions', () => {
  it('answers a system + user prompt (pydantic-ai test_anthropic_model_instructions)', async () => {
    const [interaction] = readCassette('anthropic/pydantic-ai/test_anthropic_model_instructions');
    const replay = await replayServer(replayAnswerOf(interaction!));
    const { client } = await startGateway([deployment(replay)]);
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: 'What is the capital of France?' },
      ],
      max_tokens: 4096,
    });
    expect({ ...completion, created: 0 }).toStrictEqual({
      id: 'msg_01Fg1JVgvCYUHWsxrj9GkpEv',
      object: 'chat.completion',
      created: 0,
      model: 'claude-3-opus-20240229',
      choices: [{ index: 0, message: { role: 'assistant', content: 'The capital of France is Paris.', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } },
    });
    expect(Math.abs(completion.created - Date.now() / 1000)).toBeLessThan(60);
    expect(upstreamOf(replay)).toStrictEqual({
      method: 'POST',
      path: '/v1/messages',
      headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json', authorization: undefined },
      body: {
        model: 'claude-sonnet-4-5',
        max_tokens: 4096,
        system: [{ type: 'text', text: 'You are a helpful assistant.' }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the capital of France?' }] }],
      },
    });
  });

  it('gives a completion that conforms to OpenAI\'s response schema once logprobs and refusal are added, which Anthropic has no values for', async () => {
    const [interaction] = readCassette('anthropic/pydantic-ai/test_anthropic_model_instructions');
    const replay = await replayServer(replayAnswerOf(interaction!));
    const { client } = await startGateway([deployment(replay)]);
    const completion = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'What is the capital of France?' }] });
    const choice = completion.choices[0]!;
    expect(openAISpec.check('CreateChatCompletionResponse', completion)).toStrictEqual([]);
    // No max_tokens from the client: the catalog's max_output_tokens for claude-sonnet-4-5.
    expect((upstreamOf(replay).body as { max_tokens: number }).max_tokens).toBe(64000);
  });

  it('calls tools and sends their results back (pydantic-ai test_anthropic_tool_output, both turns)', async () => {
    const interactions = readCassette('anthropic/pydantic-ai/test_anthropic_tool_output');
    let turn = 0;
    const replay = await replayServer(() => replayAnswerOf(interactions[turn++]!));
    const { client } = await startGateway([deployment(replay)]);
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_user_country', description: '', parameters: { additionalProperties: false, properties: {}, type: 'object' } } },
      {
        type: 'function',
        function: {
          name: 'final_result',
          description: 'The final response which ends this conversation',
          parameters: { properties: { city: { type: 'string' }, country: { type: 'string' } }, required: ['city', 'country'], title: 'CityLocation', type: 'object' },
        },
      },
    ];
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: [{ type: 'text', text: 'What is the largest city in the user country?' }] };
    const first = await client.chat.completions.create({ model: 'claude', messages: [question], tools, tool_choice: 'required', max_tokens: 4096 });
    expect(first.choices).toStrictEqual([
      { index: 0, message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'toolu_01X9wcHKKAZD9tBC711xipPa', type: 'function', function: { name: 'get_user_country', arguments: '{}' } }] }, logprobs: null, finish_reason: 'tool_calls' },
    ]);
    // The recorded request says stream: false; this mapping leaves stream out unless it is true.
    expect(upstreamOf(replay, 0).body).toStrictEqual(withoutStream(interactions[0]!.request.body));

    const second = await client.chat.completions.create({
      model: 'claude',
      messages: [question, first.choices[0]!.message, { role: 'tool', tool_call_id: 'toolu_01X9wcHKKAZD9tBC711xipPa', content: 'Mexico' }],
      tools,
      tool_choice: 'required',
      max_tokens: 4096,
    });
    expect(second.choices[0]!.message.tool_calls).toStrictEqual([{ id: 'toolu_01LZABsgreMefH2Go8D5PQbW', type: 'function', function: { name: 'final_result', arguments: '{"city":"Mexico City","country":"Mexico"}' } }]);
    // pydantic-ai also sent is_error: false on the tool result, which is Anthropic's default; OpenAI tool messages carry no error flag.
    const recorded = withoutStream(interactions[1]!.request.body) as { messages: Array<{ content: Array<Record<string, unknown>> }> };
    delete recorded.messages[2]!.content[0]!.is_error;
    expect(upstreamOf(replay, 1).body).toStrictEqual(recorded);
  });

  it('sends an image as a base64 block and returns thinking with its signature (pydantic-ai test_anthropic_model_thinking_part)', async () => {
    const [interaction] = readCassette('anthropic/pydantic-ai/test_anthropic_model_thinking_part');
    const replay = await replayServer(replayAnswerOf(interaction!));
    const { client } = await startGateway([deployment(replay)]);
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'How do I cross the street?' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' } }] }],
      reasoning_effort: 'low',
      max_completion_tokens: 4096,
    });
    const recorded = readFixtureJson<{ content: Array<Record<string, string>> }>('anthropic/pydantic-ai/test_anthropic_model_thinking_part.1.response.json');
    const message = completion.choices[0]!.message as unknown as Record<string, unknown>;
    expect(message).toStrictEqual({
      role: 'assistant',
      content: recorded.content[1]!.text,
      refusal: null,
      reasoning_content: recorded.content[0]!.thinking,
      thinking_blocks: [{ type: 'thinking', thinking: recorded.content[0]!.thinking, signature: recorded.content[0]!.signature }],
    });
    expect(upstreamOf(replay).body).toStrictEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'How do I cross the street?' }, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQSkZJRg==' } }] }],
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
  });
});

describe('streams', () => {
  it('streams parallel tool-call deltas, one byte per write, with usage at the end (built from the streaming reference)', async () => {
    const replay = await replayServer(sseAnswer(parallelToolStream, 1));
    const { client } = await startGateway([deployment(replay)]);
    const stream = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }],
      tools: [weatherTool],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 1024,
    });
    const chunks = await collect(stream);
    const base = { id: 'msg_01Parallel', object: 'chat.completion.chunk', created: chunks[0]!.created, model: 'claude-sonnet-4-5-20250929' };
    const delta = (value: Record<string, unknown>, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta: value, finish_reason: finish }] });
    expect(chunks).toStrictEqual([
      delta({ role: 'assistant', content: '' }),
      delta({ content: 'Checking both cities.' }),
      delta({ tool_calls: [{ index: 0, id: 'toolu_01Paris', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Pa' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: 'ris"}' } }] }),
      delta({ tool_calls: [{ index: 1, id: 'toolu_01Rome', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 1, function: { arguments: '{"city": "Rome"}' } }] }),
      delta({}, 'tool_calls'),
      { ...base, choices: [], usage: { prompt_tokens: 472, completion_tokens: 96, total_tokens: 568, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } } },
    ]);
    for (const chunk of chunks) expect(openAISpec.check('CreateChatCompletionStreamResponse', chunk)).toStrictEqual([]);
    expect(upstreamOf(replay).body).toStrictEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] }],
      tools: [{ name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
      stream: true,
    });
  });

  it('streams reasoning, the signed thinking block and a refusal, per event (anthropic-sdk stream-a-refusal)', async () => {
    const replay = await replayServer(sseAnswer(readFixture('anthropic/anthropic-sdk-typescript/stream-a-refusal.sse'), 'events'));
    const { client } = await startGateway([deployment(replay)]);
    const chunks = (await collect(await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'hey claudius, what is a solar eclipse?' }], reasoning_effort: 'medium', stream: true, max_tokens: 8000 }))) as unknown as Array<{ choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null; provider_finish_reason?: string }> }>;
    expect(chunks.map((chunk) => chunk.choices[0])).toStrictEqual([
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null },
      { index: 0, delta: { reasoning_content: 'Simple educ' }, finish_reason: null },
      { index: 0, delta: { reasoning_content: 'ational question about what a solar eclipse is. This is benign general knowledge — definitions are fine. Also the user called' }, finish_reason: null },
      { index: 0, delta: { reasoning_content: ' me "claudius" — I\'m Claude. Minor correction or just roll with it politely.' }, finish_reason: null },
      {
        index: 0,
        delta: {
          thinking_blocks: [
            {
              type: 'thinking',
              thinking: 'Simple educational question about what a solar eclipse is. This is benign general knowledge — definitions are fine. Also the user called me "claudius" — I\'m Claude. Minor correction or just roll with it politely.',
              signature: 'c3ludGhldGljLXNpZ25hdHVyZS1maXh0dXJlLWEtbm90LWEtcmVhbC1zaWduYXR1cmU=',
            },
          ],
        },
        finish_reason: null,
      },
      { index: 0, delta: { content: 'Hi' }, finish_reason: null },
      { index: 0, delta: {}, finish_reason: 'content_filter', provider_finish_reason: 'refusal' },
    ]);
    expect((upstreamOf(replay).body as { thinking: unknown }).thinking).toStrictEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it('ends a text stream with usage only when include_usage is set (anthropic-sdk stream-b-fallback)', async () => {
    const replay = await replayServer(sseAnswer(readFixture('anthropic/anthropic-sdk-typescript/stream-b-fallback.sse')));
    const { client } = await startGateway([deployment(replay)]);
    const request = { model: 'claude', messages: [{ role: 'user' as const, content: 'Tell me about solar eclipses.' }], stream: true as const };
    const withUsage = await collect(await client.chat.completions.create({ ...request, stream_options: { include_usage: true } }));
    const text = withUsage.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text.startsWith(' there! Happy to explain.\n\n**Solar eclipses** happen')).toBe(true);
    expect(text.endsWith("Just let me know what's sparking your interest!")).toBe(true);
    expect(withUsage.slice(-2).map((chunk) => ({ choices: chunk.choices, usage: chunk.usage }))).toStrictEqual([
      { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: undefined },
      { choices: [], usage: { prompt_tokens: 31, completion_tokens: 547, total_tokens: 578, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } } },
    ]);
    const withoutUsage = await collect(await client.chat.completions.create(request));
    expect(withoutUsage.filter((chunk) => chunk.usage !== undefined || chunk.choices.length === 0)).toStrictEqual([]);
  });

  it('turns a mid-stream error event into a final SSE error event (built from the streaming reference)', async () => {
    // https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events
    const body =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_01Err","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"usage":{"input_tokens":12,"output_tokens":1}}}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n' +
      'event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}\n\n';
    const replay = await replayServer(sseAnswer(body));
    const { baseURL } = await startGateway([deployment(replay)]);
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer anything' },
      body: JSON.stringify({ model: 'claude', messages: [{ role: 'user', content: 'Hello' }], stream: true }),
    });
    expect(response.status).toBe(200);
    const events = sseDataOf(await response.text()) as Array<Record<string, unknown>>;
    expect(events.map((event) => (event.choices as Array<{ delta: unknown }> | undefined)?.[0]?.delta ?? event)).toStrictEqual([
      { role: 'assistant', content: '' },
      { content: 'Hel' },
      { error: { message: 'anthropic: Overloaded', type: 'service_unavailable_error', param: null, code: 'service_unavailable' } },
    ]);
  });

  it('aborts the upstream request when the client leaves mid-stream', async () => {
    const body = readFixture('anthropic/anthropic-sdk-typescript/stream-b-fallback.sse');
    const replay = await replayServer({ ...sseAnswer(body), hangAfterBytes: body.indexOf('event: content_block_delta') });
    const { client } = await startGateway([deployment(replay)]);
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Hi' }], stream: true }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.choices[0]?.delta).toStrictEqual({ role: 'assistant', content: '' });
    controller.abort();
    await replay.requests[0]!.aborted;
    expect(replay.requests[0]!.wasAborted()).toBe(true);
  });
});

describe('errors', () => {
  it('529 overloaded_error is a 503 ServiceUnavailable with retry-after (body from the errors reference)', async () => {
    const body = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}';
    const replay = await replayServer({ status: 529, headers: { 'content-type': 'application/json', 'retry-after': '7' }, body });
    const { baseURL } = await startGateway([deployment(replay)]);
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer anything' },
      body: JSON.stringify({ model: 'claude', messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect({ status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() }).toStrictEqual({
      status: 503,
      retryAfter: '7',
      body: { error: { message: 'anthropic: Overloaded', type: 'service_unavailable_error', param: null, code: 'service_unavailable' } },
    });
  });

  it('a prompt that is too long is a 400 context_length_exceeded BadRequestError for the SDK', async () => {
    const body = '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 208154 tokens > 200000 maximum"}}';
    const replay = await replayServer({ status: 400, headers: { 'content-type': 'application/json' }, body });
    const { client } = await startGateway([deployment(replay)]);
    const error = await rejectionOf(client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Hello' }] }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect({ status: apiError.status, code: apiError.code, type: apiError.type, message: apiError.message }).toStrictEqual({
      status: 400,
      code: 'context_length_exceeded',
      type: 'invalid_request_error',
      message: '400 anthropic: prompt is too long: 208154 tokens > 200000 maximum',
    });
  });

  it('a 401 authentication_error is an AuthenticationError, also when the stream was asked for', async () => {
    const body = '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011"}';
    const replay = await replayServer({ status: 401, headers: { 'content-type': 'application/json' }, body });
    const { client } = await startGateway([deployment(replay)]);
    const error = await rejectionOf(client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Hello' }], stream: true }).then(collect));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).message).toBe('401 anthropic: invalid x-api-key');
  });

  it('refuses n > 1 and a param it does not carry before calling Anthropic', async () => {
    const replay = await replayServer({ status: 500, body: '' });
    const { client } = await startGateway([deployment(replay)]);
    const many = (await rejectionOf(client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Hello' }], n: 2 }))) as InstanceType<typeof OpenAI.BadRequestError>;
    expect({ status: many.status, code: many.code, param: many.param }).toStrictEqual({ status: 400, code: 'unsupported_parameter', param: 'n' });
    const logprobs = (await rejectionOf(client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Hello' }], logprobs: true }))) as InstanceType<typeof OpenAI.BadRequestError>;
    expect({ status: logprobs.status, code: logprobs.code, param: logprobs.param }).toStrictEqual({ status: 400, code: 'unsupported_parameter', param: 'logprobs' });
    expect(replay.requests).toStrictEqual([]);
  });
});
