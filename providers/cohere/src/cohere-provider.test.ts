import { join } from 'node:path';
import OpenAI from 'openai';
import type { ModelListEntry } from '@switchyard/core';
import {
  createProviderHarness,
  openAPIValidator,
  readCassette,
  readFixture,
  readFixtureText,
  rejectionOf,
  replayAnswerOf,
  specsDir,
  type ReplayResponse,
  type ReplayServer,
} from '@switchyard/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cohere } from './cohere-provider.js';

/*
 * End to end: the official openai client talks to a real gateway (createGateway + listen) whose deployments point at
 * a loopback replay server answering with recorded Cohere traffic from shared/fixtures.
 *
 * JSON answers are the pydantic-ai cassettes' and vercel-ai's recorded bodies (re-serialised by their recorders, so
 * content-exact, not byte-exact). No Cohere stream was recorded byte for byte: the streams here are vercel-ai's
 * recorded events framed the way Cohere's v2 stream is documented and served (`event: <type>` + `data: <json>` per
 * event, ending with `data: [DONE]`; https://docs.cohere.com/reference/chat-stream), and are replayed one byte per
 * write. Cases with no recording at all are built from the API reference, which each test names.
 */

const spec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));
const key = 'co-test-key-0001';
const { replayServer, startGateway, cleanup } = createProviderHarness({ providers: [cohere], client: (baseURL) => new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 }) });

afterEach(async () => {
  await cleanup();
  vi.unstubAllEnvs();
});

function deployment(replay: ReplayServer, model = 'command-r7b-12-2024', extra: Record<string, unknown> = {}): ModelListEntry {
  return { model_name: 'command', litellm_params: { model: `cohere/${model}`, api_base: replay.url, api_key: key, ...extra } };
}

function jsonAnswer(body: unknown, status = 200, headers: Record<string, string> = {}): ReplayResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) };
}

/** Cohere's SSE framing around recorded or reference events. */
function sseOf(events: ReadonlyArray<string | Record<string, unknown>>): string {
  const texts = events.map((event) => (typeof event === 'string' ? event : JSON.stringify(event)));
  return `${texts.map((data) => `event: ${(JSON.parse(data) as { type: string }).type}\ndata: ${data}\n\n`).join('')}data: [DONE]\n\n`;
}

function sseAnswer(events: ReadonlyArray<string | Record<string, unknown>>, split: ReplayResponse['split'] = 1): ReplayResponse {
  return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: sseOf(events), split };
}

function recordedLines(path: string): string[] {
  return readFixtureText(path).split('\n').filter((line) => line.length > 0);
}

/** Checks `created` is the gateway's clock at answer time and returns it, so exact expectations can use it. */
function createdNow(created: number, before: number): number {
  expect(created).toBeGreaterThanOrEqual(Math.floor(before / 1000));
  expect(created).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  return created;
}

function upstreamHeaders(replay: ReplayServer, index = 0): Record<string, unknown> {
  return { ...replay.requests[index].headers };
}

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather for a city.',
    parameters: { additionalProperties: false, properties: { city: { type: 'string' } }, required: ['city'], type: 'object' },
  },
};

describe('chat completions', () => {
  it('plain text: the exact upstream call and the exact completion (pydantic-ai test_request_simple_success_with_vcr)', async () => {
    const [interaction] = readCassette('cohere/pydantic-ai/test_request_simple_success_with_vcr');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([deployment(replay)]);
    const before = Date.now();
    const completion = await running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'hello' }] });
    expect(completion).toStrictEqual({
      id: 'f17a5f6c-1734-4098-bd0d-733ef000ac7b',
      object: 'chat.completion',
      created: createdNow(completion.created, before),
      model: 'command-r7b-12-2024',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I assist you today?', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 496, completion_tokens: 11, total_tokens: 507, billed_units: { input_tokens: 1, output_tokens: 9 } },
    });
    expect(spec.check('CreateChatCompletionResponse', completion)).toStrictEqual([]);
    const [received] = replay.requests;
    expect({ method: received.method, path: received.path, body: JSON.parse(received.body) }).toStrictEqual({
      method: 'POST',
      path: new URL(interaction.request.uri).pathname,
      body: interaction.request.body,
    });
    expect(upstreamHeaders(replay)).toStrictEqual({
      host: replay.url.slice('http://'.length),
      connection: 'keep-alive',
      'content-type': 'application/json',
      authorization: `Bearer ${key}`,
      'content-length': String(Buffer.byteLength(received.body)),
    });
  });

  it('tools both ways: a tool call, then the tool result turn with citations back (pydantic-ai test_tool_choice_matrix[auto-cohere])', async () => {
    const interactions = readCassette('cohere/pydantic-ai/test_tool_choice_matrix.auto-cohere');
    let next = 0;
    const replay = await replayServer(() => replayAnswerOf(interactions[next++]));
    const running = await startGateway([deployment(replay)]);
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: "What's the weather in Paris?" };
    const first = await running.client.chat.completions.create({ model: 'command', messages: [question], tools: [weatherTool] });
    const toolCall = { id: 'get_weather_9gpb31r7h7mj', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
    expect(first.choices).toStrictEqual([
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: null, reasoning_content: "I will use the 'get_weather' tool to find the weather in Paris.", tool_calls: [toolCall] },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ]);
    expect(spec.check('CreateChatCompletionResponse', first)).toStrictEqual([]);

    // The client sends the assistant message back as it received it, reasoning_content included.
    const second = await running.client.chat.completions.create({
      model: 'command',
      messages: [question, first.choices[0].message as OpenAI.ChatCompletionAssistantMessageParam, { role: 'tool', tool_call_id: toolCall.id, content: 'Sunny, 22C in Paris' }],
      tools: [weatherTool],
    });
    const answer = JSON.parse(interactions[1].response.body.toString('utf8')) as { message: { citations: unknown[] } };
    expect(second.choices).toStrictEqual([
      {
        index: 0,
        message: { role: 'assistant', content: 'The weather in Paris is currently sunny and 22C.', refusal: null, citations: answer.message.citations },
        logprobs: null,
        finish_reason: 'stop',
      },
    ]);
    expect(second.usage).toStrictEqual({ prompt_tokens: 1533, completion_tokens: 36, total_tokens: 1569, prompt_tokens_details: { cached_tokens: 1440 }, billed_units: { input_tokens: 51, output_tokens: 13 } });

    const recordedSecond = interactions[1].request.body as { messages: Array<Record<string, unknown>> };
    const withPlan = { ...recordedSecond, messages: recordedSecond.messages.map((message, index) => (index === 1 ? { ...message, tool_plan: "I will use the 'get_weather' tool to find the weather in Paris." } : message)) };
    expect(replay.requests.map((request) => [request.path, JSON.parse(request.body)])).toStrictEqual([
      ['/v2/chat', interactions[0].request.body],
      ['/v2/chat', withPlan],
    ]);
  });

  it("tool_choice 'required' reaches Cohere as REQUIRED (pydantic-ai test_tool_choice_matrix[required-cohere])", async () => {
    const [interaction] = readCassette('cohere/pydantic-ai/test_tool_choice_matrix.required-cohere');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([deployment(replay)]);
    const completion = await running.client.chat.completions.create({
      model: 'command',
      messages: [{ role: 'user', content: "What's the weather in Paris?" }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Get weather for a city', parameters: { properties: { city: { type: 'string' } }, required: ['city'], type: 'object' } } }],
      tool_choice: 'required',
    });
    expect(completion.choices[0].message.tool_calls).toStrictEqual([{ id: 'get_weather_3p2j6ce4gxxx', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual(interaction.request.body);
  });

  // No recording of parallel calls exists; the answer follows the tool_calls shape of https://docs.cohere.com/reference/chat
  // and the parallel-call flow of https://docs.cohere.com/docs/tool-use-overview.
  it('parallel tool calls and their results (answer built from the API reference)', async () => {
    const parallel = {
      id: '0c4b7c5e-4b1d-4b8b-9b55-5d1f3c1f2a10',
      finish_reason: 'TOOL_CALL',
      message: {
        role: 'assistant',
        tool_plan: 'I will look up the weather in Paris and in Lyon.',
        tool_calls: [
          { id: 'get_weather_p1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'get_weather_p2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } },
        ],
      },
      usage: { billed_units: { input_tokens: 40, output_tokens: 30 }, tokens: { input_tokens: 1400, output_tokens: 60 } },
    };
    const replay = await replayServer(jsonAnswer(parallel));
    const running = await startGateway([deployment(replay)]);
    const completion = await running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'Weather in Paris and Lyon?' }], tools: [weatherTool] });
    expect(completion.choices[0].message.tool_calls).toStrictEqual(parallel.message.tool_calls);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');

    await running.client.chat.completions.create({
      model: 'command',
      messages: [
        { role: 'user', content: 'Weather in Paris and Lyon?' },
        { role: 'assistant', content: null, tool_calls: completion.choices[0].message.tool_calls },
        { role: 'tool', tool_call_id: 'get_weather_p1', content: 'Sunny, 22C' },
        { role: 'tool', tool_call_id: 'get_weather_p2', content: 'Rain, 14C' },
      ],
      tools: [weatherTool],
    });
    expect((JSON.parse(replay.requests[1].body) as { messages: unknown[] }).messages).toStrictEqual([
      { role: 'user', content: 'Weather in Paris and Lyon?' },
      { role: 'assistant', tool_calls: parallel.message.tool_calls },
      { role: 'tool', tool_call_id: 'get_weather_p1', content: 'Sunny, 22C' },
      { role: 'tool', tool_call_id: 'get_weather_p2', content: 'Rain, 14C' },
    ]);
  });

  it('sends image parts as Cohere image_url parts (request shape from https://docs.cohere.com/docs/image-inputs)', async () => {
    const [interaction] = readCassette('cohere/pydantic-ai/test_request_simple_success_with_vcr');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([deployment(replay, 'command-a-vision-07-2025')]);
    const content: OpenAI.ChatCompletionContentPart[] = [
      { type: 'text', text: 'Describe the logo in this image' },
      { type: 'image_url', image_url: { url: 'https://cohere.com/favicon-32x32.png', detail: 'auto' } },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' } },
    ];
    await running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content }] });
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual({ model: 'command-a-vision-07-2025', messages: [{ role: 'user', content }], stream: false });
  });

  it('reasoning: reasoning_effort becomes a thinking budget, thinking comes back as reasoning_content (pydantic-ai test_cohere_model_thinking_part)', async () => {
    const interaction = readCassette('cohere/pydantic-ai/test_cohere_model_thinking_part')[1];
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([deployment(replay, 'command-a-reasoning-08-2025')]);
    const completion = await running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'How do I cross the river?' }], reasoning_effort: 'high' });
    const answer = JSON.parse(interaction.response.body.toString('utf8')) as { message: { content: [{ thinking: string }, { text: string }] } };
    expect(completion.choices[0].message).toStrictEqual({ role: 'assistant', content: answer.message.content[1].text, refusal: null, reasoning_content: answer.message.content[0].thinking });
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual({
      model: 'command-a-reasoning-08-2025',
      messages: [{ role: 'user', content: 'How do I cross the river?' }],
      thinking: { type: 'enabled', token_budget: 31000 },
      stream: false,
    });
  });

  it('passes documents through and returns the citations (vercel-ai cohere-citations)', async () => {
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'application/json' }, body: readFixture('cohere/vercel-ai/cohere-citations.json') });
    const running = await startGateway([deployment(replay, 'command-a-03-2025')]);
    const documents = [{ id: 'doc:0', data: { text: 'AI provides: 1. Automation of tasks 2. Better decision-making 3. Cost reduction', title: 'benefits.txt' } }];
    const completion = (await running.client.chat.completions.create({
      model: 'command',
      messages: [{ role: 'user', content: 'What are the key benefits?' }],
      // @ts-expect-error documents is Cohere's own param, carried by the gateway
      documents,
    })) as OpenAI.ChatCompletion & { choices: Array<{ message: { citations?: Array<{ text: string }> } }> };
    expect(completion.choices[0].message.citations?.map((citation) => citation.text)).toStrictEqual(['Automation of tasks', 'Better decision-making', 'Cost reduction']);
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'What are the key benefits?' }], documents, stream: false });
  });

  it('refuses a named tool_choice and n > 1 with a 400 before calling Cohere', async () => {
    const replay = await replayServer();
    const running = await startGateway([deployment(replay)]);
    const named = await rejectionOf(
      running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'hi' }], tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'get_weather' } } }),
    );
    expect(named).toBeInstanceOf(OpenAI.BadRequestError);
    expect((named as InstanceType<typeof OpenAI.BadRequestError>).error).toStrictEqual({
      message: "cohere: tool_choice: Cohere cannot be made to call one named function ('get_weather'); use 'required', 'none' or 'auto'",
      type: 'invalid_request_error',
      param: 'tool_choice',
      code: 'unsupported_parameter',
    });
    const many = await rejectionOf(running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'hi' }], n: 2 }));
    expect([(many as InstanceType<typeof OpenAI.BadRequestError>).status, (many as InstanceType<typeof OpenAI.BadRequestError>).param]).toStrictEqual([400, 'n']);
    const logprobs = await rejectionOf(running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'hi' }], logprobs: true }));
    expect((logprobs as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('logprobs');
    expect(replay.requests).toStrictEqual([]);
  });
});

describe('streamed chat completions', () => {
  it('streams text with the usage chunk for include_usage, one byte per upstream write (vercel-ai cohere-text.chunks)', async () => {
    const replay = await replayServer(sseAnswer(recordedLines('cohere/vercel-ai/cohere-text.chunks.txt')));
    const running = await startGateway([deployment(replay)]);
    const before = Date.now();
    const stream = await running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'What is the capital of France?' }], stream: true, stream_options: { include_usage: true } });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const created = createdNow(chunks[0].created, before);
    const base = { id: '321d178c-2c12-44d3-ae42-2f5510f6b1cc', object: 'chat.completion.chunk', created, model: 'command-r7b-12-2024' };
    expect(chunks).toStrictEqual([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
      ...['The', ' capital', ' of', ' France', ' is', ' Paris', '.'].map((content) => ({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] })),
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...base, choices: [], usage: { prompt_tokens: 507, completion_tokens: 10, total_tokens: 517, prompt_tokens_details: { cached_tokens: 448 }, billed_units: { input_tokens: 12, output_tokens: 7 } } },
    ]);
    expect(chunks.map((chunk) => spec.check('CreateChatCompletionStreamResponse', chunk))).toStrictEqual(chunks.map(() => []));
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual({ model: 'command-r7b-12-2024', messages: [{ role: 'user', content: 'What is the capital of France?' }], stream: true });
  });

  // Event shapes from https://docs.cohere.com/docs/streaming (tool-plan-delta, tool-call-start/-delta/-end) and
  // https://docs.cohere.com/reference/chat-stream; no recording of argument deltas exists.
  it('streams a tool plan and two tool calls with argument deltas (events from the API reference)', async () => {
    const events = [
      { id: 'a2f4c8e0-1b3d-4e5f-8a9b-0c1d2e3f4a5b', type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } },
      { type: 'tool-plan-delta', delta: { message: { tool_plan: 'I will check' } } },
      { type: 'tool-plan-delta', delta: { message: { tool_plan: ' both cities.' } } },
      { type: 'tool-call-start', index: 0, delta: { message: { tool_calls: { id: 'get_weather_nsz5zm3w56q3', type: 'function', function: { name: 'get_weather', arguments: '' } } } } },
      { type: 'tool-call-delta', index: 0, delta: { message: { tool_calls: { function: { arguments: '{\n    "' } } } } },
      { type: 'tool-call-delta', index: 0, delta: { message: { tool_calls: { function: { arguments: 'city' } } } } },
      { type: 'tool-call-delta', index: 0, delta: { message: { tool_calls: { function: { arguments: '": "Paris"\n}' } } } } },
      { type: 'tool-call-end', index: 0 },
      { type: 'tool-call-start', index: 1, delta: { message: { tool_calls: { id: 'get_weather_0k2v5x7ryh1m', type: 'function', function: { name: 'get_weather', arguments: '' } } } } },
      { type: 'tool-call-delta', index: 1, delta: { message: { tool_calls: { function: { arguments: '{"city": "Lyon"}' } } } } },
      { type: 'tool-call-end', index: 1 },
      { type: 'message-end', delta: { finish_reason: 'TOOL_CALL', usage: { billed_units: { input_tokens: 37, output_tokens: 41 }, tokens: { input_tokens: 1440, output_tokens: 75 }, cached_tokens: 1024 } } },
    ];
    const replay = await replayServer(sseAnswer(events));
    const running = await startGateway([deployment(replay)]);
    const stream = await running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'Weather in Paris and Lyon?' }], tools: [weatherTool], stream: true });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const base = { id: 'a2f4c8e0-1b3d-4e5f-8a9b-0c1d2e3f4a5b', object: 'chat.completion.chunk', created: chunks[0].created, model: 'command-r7b-12-2024' };
    const delta = (value: Record<string, unknown>) => ({ ...base, choices: [{ index: 0, delta: value, finish_reason: null }] });
    expect(chunks).toStrictEqual([
      delta({ role: 'assistant', content: '' }),
      delta({ reasoning_content: 'I will check' }),
      delta({ reasoning_content: ' both cities.' }),
      delta({ tool_calls: [{ index: 0, id: 'get_weather_nsz5zm3w56q3', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{\n    "' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: 'city' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '": "Paris"\n}' } }] }),
      delta({ tool_calls: [{ index: 1, id: 'get_weather_0k2v5x7ryh1m', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 1, function: { arguments: '{"city": "Lyon"}' } }] }),
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ]);
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual({
      model: 'command-r7b-12-2024',
      messages: [{ role: 'user', content: 'Weather in Paris and Lyon?' }],
      tools: [weatherTool],
      stream: true,
    });
  });

  it('streams a tool plan and an argument-less tool call (vercel-ai cohere-empty-tool-call.chunks)', async () => {
    const replay = await replayServer(sseAnswer(recordedLines('cohere/vercel-ai/cohere-empty-tool-call.chunks.txt'), 'events'));
    const running = await startGateway([deployment(replay)]);
    const stream = await running.client.chat.completions.create({
      model: 'command',
      messages: [{ role: 'user', content: 'What time is it?' }],
      tools: [{ type: 'function', function: { name: 'currentTime', description: 'Get the current time' } }],
      stream: true,
    });
    let reasoning = '';
    const calls: unknown[] = [];
    const finishes: Array<string | null> = [];
    for await (const chunk of stream) {
      reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
      calls.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      finishes.push(chunk.choices[0]?.finish_reason ?? null);
    }
    expect({ reasoning, calls, last: finishes.at(-1) }).toStrictEqual({
      reasoning: 'I will use the currentTime tool to find the current time.',
      calls: [{ index: 0, id: 'currentTime_y46ar19t5gvw', type: 'function', function: { name: 'currentTime', arguments: '' } }],
      last: 'tool_calls',
    });
    expect((JSON.parse(replay.requests[0].body) as { tools: unknown }).tools).toStrictEqual([
      { type: 'function', function: { name: 'currentTime', description: 'Get the current time', parameters: { type: 'object', properties: {} } } },
    ]);
  });

  it('a message-end with finish_reason ERROR ends the stream with the error as its final event (shape from https://docs.cohere.com/reference/chat-stream)', async () => {
    const lines = recordedLines('cohere/vercel-ai/cohere-text.chunks.txt');
    const failing = [...lines.slice(0, 3), JSON.stringify({ type: 'message-end', delta: { finish_reason: 'ERROR', error: 'internal server error, this has been reported to our developers' } })];
    const replay = await replayServer(sseAnswer(failing));
    const running = await startGateway([deployment(replay)]);
    const response = await fetch(`${running.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer anything' },
      body: JSON.stringify({ model: 'command', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    const text = await response.text();
    const events = text.split('\n\n').filter((block) => block !== '').map((block) => JSON.parse(block.slice('data: '.length)) as Record<string, unknown>);
    expect(response.status).toBe(200);
    expect(events.map((event) => (event.choices as Array<{ delta: unknown }> | undefined)?.[0]?.delta ?? event)).toStrictEqual([
      { role: 'assistant', content: '' },
      { content: 'The' },
      {
        error: {
          message: 'cohere: the generation ended with finish_reason ERROR: internal server error, this has been reported to our developers',
          type: 'upstream_error',
          param: null,
          code: 'upstream_error',
        },
      },
    ]);
    expect(text.endsWith('\n\n')).toBe(true);
    expect(text.includes('[DONE]')).toBe(false);
  });

  it('closes the upstream connection when the client aborts mid-stream', async () => {
    const body = sseOf(recordedLines('cohere/vercel-ai/cohere-text.chunks.txt'));
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'text/event-stream' }, body, hangAfterBytes: body.indexOf('\n\n') + 2 });
    const running = await startGateway([deployment(replay)]);
    const controller = new AbortController();
    const stream = await running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'hi' }], stream: true }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.choices[0].delta).toStrictEqual({ role: 'assistant', content: '' });
    controller.abort();
    await replay.requests[0].aborted;
    expect(replay.requests[0].wasAborted()).toBe(true);
  });
});

describe('upstream errors reach the client as the SDK’s own classes', () => {
  it('429 is a RateLimitError keeping retry-after (message from https://docs.cohere.com/reference/errors)', async () => {
    const replay = await replayServer(jsonAnswer({ id: 'b1c2', message: 'You are past the per minute request limit, please wait and try again later.' }, 429, { 'retry-after': '17' }));
    const running = await startGateway([deployment(replay)]);
    const error = await rejectionOf(running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'hi' }] }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect({ status: apiError.status, body: apiError.error, retryAfter: apiError.headers.get('retry-after') }).toStrictEqual({
      status: 429,
      body: { message: 'cohere: You are past the per minute request limit, please wait and try again later.', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' },
      retryAfter: '17',
    });
  });

  it('a 400 saying the prompt is too long is context_length_exceeded (message from https://docs.cohere.com/reference/errors)', async () => {
    const message = 'too many tokens: size limit exceeded by 11326 tokens. Try using shorter or fewer inputs, or setting prompt_truncation=\'AUTO\'.';
    const replay = await replayServer(jsonAnswer({ id: 'c3d4', message }, 400));
    const running = await startGateway([deployment(replay)]);
    const error = await rejectionOf(running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'a very long prompt' }] }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toStrictEqual({ message: `cohere: ${message}`, type: 'invalid_request_error', param: null, code: 'context_length_exceeded' });
  });

  it('a 401 is an AuthenticationError; a key read from COHERE_API_KEY is sent and never logged', async () => {
    const envKey = 'co-env-secret-0123456789abcd';
    vi.stubEnv('COHERE_API_KEY', envKey);
    const replay = await replayServer(jsonAnswer({ id: 'd5e6', message: 'invalid api token' }, 401));
    const running = await startGateway([{ model_name: 'command', litellm_params: { model: 'cohere_chat/command-r7b-12-2024', api_base: replay.url } }]);
    const error = await rejectionOf(running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'hi' }] }));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).error).toStrictEqual({ message: 'cohere: invalid api token', type: 'authentication_error', param: null, code: 'invalid_api_key' });
    expect(replay.requests[0].headers.authorization).toBe(`Bearer ${envKey}`);
    expect(running.logs.filter((line) => line.includes(envKey))).toStrictEqual([]);
  });

  it('a 500 is a 502 upstream_error', async () => {
    const replay = await replayServer(jsonAnswer({ message: 'internal server error, this has been reported to our developers' }, 500));
    const running = await startGateway([deployment(replay)]);
    const error = await rejectionOf(running.client.chat.completions.create({ model: 'command', messages: [{ role: 'user', content: 'hi' }] }));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect({ status: (error as InstanceType<typeof OpenAI.InternalServerError>).status, body: (error as InstanceType<typeof OpenAI.InternalServerError>).error }).toStrictEqual({
      status: 502,
      body: { message: 'cohere: internal server error, this has been reported to our developers', type: 'upstream_error', param: null, code: 'upstream_error' },
    });
  });
});

describe('embeddings', () => {
  const input = ['sunny day at the beach', 'rainy day in the city'];
  const floats = [
    [0.03302002, 0.020904541, -0.019744873, -0.0625, 0.04437256],
    [-0.04660034, 0.00037765503, -0.061157227, -0.08239746, -0.010360718],
  ];

  it('creates float embeddings with input_type and dimensions (vercel-ai cohere-embedding)', async () => {
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'application/json' }, body: readFixture('cohere/vercel-ai/cohere-embedding.json') });
    const running = await startGateway([{ model_name: 'embed', litellm_params: { model: 'cohere/embed-v4.0', api_base: replay.url, api_key: key } }]);
    const response = await running.client.embeddings.create({ model: 'embed', input, encoding_format: 'float', dimensions: 256, input_type: 'search_query' } as OpenAI.EmbeddingCreateParams);
    expect(response).toStrictEqual({ object: 'list', data: floats.map((embedding, index) => ({ object: 'embedding', index, embedding })), model: 'embed-v4.0', usage: { prompt_tokens: 10, total_tokens: 10 } });
    expect(spec.check('CreateEmbeddingResponse', response)).toStrictEqual([]);
    expect({ path: replay.requests[0].path, body: JSON.parse(replay.requests[0].body) }).toStrictEqual({
      path: '/v2/embed',
      body: { model: 'embed-v4.0', texts: input, input_type: 'search_query', embedding_types: ['float'], truncate: 'NONE', output_dimension: 256 },
    });
  });

  it("serves the SDK's default base64 encoding, which it decodes to the same floats (vercel-ai cohere-embedding)", async () => {
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'application/json' }, body: readFixture('cohere/vercel-ai/cohere-embedding.json') });
    const running = await startGateway([{ model_name: 'embed', litellm_params: { model: 'cohere/embed-english-v3.0', api_base: replay.url, api_key: key } }]);
    const response = await running.client.embeddings.create({ model: 'embed', input });
    expect(response.data.map((item) => item.embedding)).toStrictEqual(floats.map((vector) => vector.map(Math.fround)));
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual({ model: 'embed-english-v3.0', texts: input, input_type: 'search_document', embedding_types: ['float'], truncate: 'NONE' });
  });

  it('a missing model is a NotFoundError with Cohere’s message (pydantic-ai TestCohere.test_embed_error)', async () => {
    const [interaction] = readCassette('cohere/pydantic-ai/TestCohere.test_embed_error');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([{ model_name: 'nonexistent', litellm_params: { model: 'cohere/nonexistent', api_base: replay.url, api_key: key } }]);
    const error = await rejectionOf(running.client.embeddings.create({ model: 'nonexistent', input: 'Hello, world!', input_type: 'search_query' } as OpenAI.EmbeddingCreateParams));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toStrictEqual({
      message: "cohere: model 'nonexistent' not found, make sure the correct model ID was used and that you have access to the model.",
      type: 'invalid_request_error',
      param: null,
      code: 'not_found',
    });
    expect(replay.requests[0].path).toBe(new URL(interaction.request.uri).pathname);
  });
});

describe('boot checks', () => {
  it('refuses to start a deployment with no key anywhere', async () => {
    vi.stubEnv('COHERE_API_KEY', '');
    vi.stubEnv('CO_API_KEY', '');
    await expect(startGateway([{ model_name: 'command', litellm_params: { model: 'cohere/command-r' } }])).rejects.toThrow(
      'model command (cohere/command-r): no API key for cohere/: set litellm_params.api_key or the environment variable COHERE_API_KEY (or CO_API_KEY)',
    );
  });
});
