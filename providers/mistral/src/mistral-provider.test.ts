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
  type ProviderHarnessGateway,
  type ReplayResponse,
  type ReplayServer,
} from '@switchyard/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mistral } from './mistral-provider.js';

/*
 * End to end: the official openai client talks to a real gateway (createGateway + listen) whose mistral/ deployments
 * point at a loopback replay server answering with recorded Mistral traffic (shared/fixtures/mistral). Each test checks
 * what Mistral received (path, headers, body: validated against Mistral's OpenAPI document) and exactly what the
 * client got (validated against OpenAI's).
 */

const openAISpec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));
const mistralSpec = openAPIValidator(join(specsDir(), 'mistral', 'mistral-openapi-public-doc.yaml'));
const { replayServer, startGateway, cleanup } = createProviderHarness({ providers: [mistral], client: (baseURL) => new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 }) });

afterEach(async () => {
  await cleanup();
  vi.unstubAllEnvs();
});

function deployment(replay: ReplayServer, model: string, overrides: Record<string, unknown> = {}): ModelListEntry {
  return { model_name: model, litellm_params: { model: `mistral/${model}`, api_base: replay.url, api_key: 'mistral-test-key-0001', ...overrides } };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): ReplayResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** An SSE body made from vercel-ai's `.chunks.txt` (one event JSON per line; the SDK dropped the framing). */
function sseFromChunks(path: string): string {
  const lines = readFixtureText(path).split('\n').filter((line) => line.trim() !== '');
  return `${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`;
}

function sse(events: unknown[], done = true): ReplayResponse {
  const body = events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '');
  return { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, body };
}

function upstreamBody(replay: ReplayServer, index = 0): Record<string, unknown> {
  const body = JSON.parse(replay.requests[index].body) as Record<string, unknown>;
  expect(mistralSpec.check(replay.requests[index].path === '/v1/embeddings' ? 'EmbeddingRequest' : 'ChatCompletionRequest', body)).toStrictEqual([]);
  return body;
}

async function postRaw(running: ProviderHarnessGateway<OpenAI>, body: unknown): Promise<{ status: number; text: string }> {
  const response = await running.postJson('/chat/completions', body);
  return { status: response.status, text: await response.text() };
}

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<OpenAI.ChatCompletionChunk[]> {
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  for (const chunk of chunks) expect(openAISpec.check('CreateChatCompletionStreamResponse', chunk)).toStrictEqual([]);
  return chunks;
}

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather for a city.',
    parameters: { additionalProperties: false, properties: { city: { type: 'string' } }, required: ['city'], type: 'object' },
  },
};

describe('plain text', () => {
  it('posts to /v1/chat/completions with the key and returns the answer (pydantic-ai test_stop_settings[mistral])', async () => {
    const [interaction] = readCassette('mistral/pydantic-ai/test_stop_settings.mistral');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([deployment(replay, 'ministral-8b-latest')]);
    const recorded = interaction.request.body as { messages: OpenAI.ChatCompletionMessageParam[] };
    const completion = await running.client.chat.completions.create({ model: 'ministral-8b-latest', messages: recorded.messages, n: 1, stop: ['Paris'], top_p: 1 });
    expect(completion).toStrictEqual({
      id: '59bee455a928496eb22bbf8b8b817252',
      object: 'chat.completion',
      created: 1749229172,
      model: 'ministral-8b-latest',
      choices: [{ index: 0, message: { role: 'assistant', content: 'The capital of France is ', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 28, completion_tokens: 6, total_tokens: 34 },
    });
    expect(openAISpec.check('CreateChatCompletionResponse', completion)).toStrictEqual([]);
    const [received] = replay.requests;
    expect({ method: received.method, path: received.path, headers: received.headers }).toStrictEqual({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: {
        host: replay.url.slice('http://'.length),
        connection: 'keep-alive',
        'content-type': 'application/json',
        authorization: 'Bearer mistral-test-key-0001',
        'content-length': String(Buffer.byteLength(received.body)),
      },
    });
    // What pydantic-ai's own Mistral client sent, less its explicit `stream: false` (Mistral's default).
    const { stream, ...recordedWithoutStream } = interaction.request.body as Record<string, unknown>;
    expect(stream).toBe(false);
    expect(upstreamBody(replay)).toStrictEqual(recordedWithoutStream);
  });

  it('maps seed, max_completion_tokens, penalties, safe_prompt and json_schema to Mistral names', async () => {
    const [interaction] = readCassette('mistral/pydantic-ai/test_stop_settings.mistral');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([deployment(replay, 'ministral-8b-latest')]);
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    await running.client.chat.completions.create({
      model: 'ministral-8b-latest',
      messages: [{ role: 'developer', content: 'Answer in JSON.' }, { role: 'user', content: 'Capital of France?' }],
      seed: 42,
      max_completion_tokens: 64,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      temperature: 0.2,
      response_format: { type: 'json_schema', json_schema: { name: 'city', strict: true, schema } },
      safe_prompt: true,
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(upstreamBody(replay)).toStrictEqual({
      model: 'ministral-8b-latest',
      messages: [{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'Capital of France?' }],
      temperature: 0.2,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      max_tokens: 64,
      random_seed: 42,
      response_format: { type: 'json_schema', json_schema: { name: 'city', schema, strict: true } },
      safe_prompt: true,
    });
  });

  it('sends images as Mistral image_url chunks (request shape from the Mistral vision docs)', async () => {
    // No recorded Mistral vision call exists; the chunk shape is the one in https://docs.mistral.ai/capabilities/vision/.
    const [interaction] = readCassette('mistral/pydantic-ai/test_stop_settings.mistral');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([deployment(replay, 'pixtral-12b-latest')]);
    await running.client.chat.completions.create({
      model: 'pixtral-12b-latest',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: "What's in this image?" },
            { type: 'image_url', image_url: { url: 'https://tripfixers.com/wp-content/uploads/2019/11/eiffel-tower-with-snow.jpeg' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          ],
        },
      ],
    });
    expect(upstreamBody(replay).messages).toStrictEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: "What's in this image?" },
          { type: 'image_url', image_url: { url: 'https://tripfixers.com/wp-content/uploads/2019/11/eiffel-tower-with-snow.jpeg' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
        ],
      },
    ]);
  });

  it('refuses a param Mistral has no field for before calling it (logprobs)', async () => {
    const replay = await replayServer(json(500, {}));
    const running = await startGateway([deployment(replay, 'mistral-small-latest')]);
    const error = await rejectionOf(running.client.chat.completions.create({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'hi' }], logprobs: true }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect({ status: (error as InstanceType<typeof OpenAI.BadRequestError>).status, error: (error as InstanceType<typeof OpenAI.BadRequestError>).error }).toStrictEqual({
      status: 400,
      error: {
        message: "mistral does not support the parameter 'logprobs'. Remove it, or set drop_params to drop unsupported parameters.",
        type: 'invalid_request_error',
        param: 'logprobs',
        code: 'unsupported_parameter',
      },
    });
    expect(replay.requests).toStrictEqual([]);
  });
});

describe('tools', () => {
  it('returns Mistral tool calls with their own ids, then sends the result back under the same id (pydantic-ai test_tool_choice_matrix[auto-mistral])', async () => {
    const interactions = readCassette('mistral/pydantic-ai/test_tool_choice_matrix.auto-mistral');
    let next = 0;
    const replay = await replayServer(() => replayAnswerOf(interactions[next++]));
    const running = await startGateway([deployment(replay, 'mistral-large-latest')]);
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: "What's the weather in Paris?" }];
    const first = await running.client.chat.completions.create({ model: 'mistral-large-latest', messages, tools: [weatherTool], tool_choice: 'auto' });
    expect(first).toStrictEqual({
      id: '1ecfb2eb89144df48968ae279308e0ee',
      object: 'chat.completion',
      created: 1769718252,
      model: 'mistral-large-latest',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'KikbB849t', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }] },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 77, completion_tokens: 12, total_tokens: 89, prompt_tokens_details: { cached_tokens: 76 } },
    });
    expect(openAISpec.check('CreateChatCompletionResponse', first)).toStrictEqual([]);

    messages.push(first.choices[0].message, { role: 'tool', tool_call_id: 'KikbB849t', content: 'Sunny, 22C in Paris' });
    const second = await running.client.chat.completions.create({ model: 'mistral-large-latest', messages, tools: [weatherTool], tool_choice: 'auto' });
    expect(second.choices[0].message).toStrictEqual({ role: 'assistant', content: 'The current weather in **Paris** is **sunny** with a temperature of **22°C**. Enjoy your day! 😊', refusal: null });
    expect(second.usage).toStrictEqual({ prompt_tokens: 100, completion_tokens: 29, total_tokens: 129, prompt_tokens_details: { cached_tokens: 99 } });

    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Get the current weather for a city.', parameters: weatherTool.function.parameters } }];
    expect(upstreamBody(replay, 0)).toStrictEqual({ model: 'mistral-large-latest', messages: [{ role: 'user', content: "What's the weather in Paris?" }], tools, tool_choice: 'auto' });
    expect(upstreamBody(replay, 1)).toStrictEqual({
      model: 'mistral-large-latest',
      messages: [
        { role: 'user', content: "What's the weather in Paris?" },
        { role: 'assistant', content: null, tool_calls: [{ id: 'KikbB849t', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }] },
        { role: 'tool', content: 'Sunny, 22C in Paris', tool_call_id: 'KikbB849t', name: 'get_weather' },
      ],
      tools,
      tool_choice: 'auto',
    });
  });

  it("rewrites OpenAI-style tool call ids to nine characters, the same way in the assistant's calls and the tool results (parallel calls)", async () => {
    const [, answer] = readCassette('mistral/pydantic-ai/test_tool_choice_matrix.auto-mistral');
    const replay = await replayServer(replayAnswerOf(answer));
    const running = await startGateway([deployment(replay, 'mistral-large-latest')]);
    await running.client.chat.completions.create({
      model: 'mistral-large-latest',
      messages: [
        { role: 'user', content: 'Weather in Paris and London?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_ZR5UUuTt3pf61kjwAJIYdVMj', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_injwxidE5XUzmiKVfOH3rxf2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"London"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_injwxidE5XUzmiKVfOH3rxf2', content: 'Rain, 14C' },
        { role: 'tool', tool_call_id: 'call_ZR5UUuTt3pf61kjwAJIYdVMj', content: 'Sunny, 22C' },
      ],
      tools: [weatherTool],
      tool_choice: 'required',
      parallel_tool_calls: true,
    });
    const body = upstreamBody(replay);
    // sha256 of each id, its first eight bytes written as nine base-62 digits (map-tool-call-id.ts).
    expect(body.messages).toStrictEqual([
      { role: 'user', content: 'Weather in Paris and London?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 's7YT4zpXG', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'RE0bf7XJg', type: 'function', function: { name: 'get_weather', arguments: '{"city":"London"}' } },
        ],
      },
      { role: 'tool', content: 'Rain, 14C', tool_call_id: 'RE0bf7XJg', name: 'get_weather' },
      { role: 'tool', content: 'Sunny, 22C', tool_call_id: 's7YT4zpXG', name: 'get_weather' },
    ]);
    expect({ tool_choice: body.tool_choice, parallel_tool_calls: body.parallel_tool_calls }).toStrictEqual({ tool_choice: 'any', parallel_tool_calls: true });
  });

  it('returns parallel tool calls in one answer (body from the Mistral function-calling docs)', async () => {
    // No recorded parallel call exists; the body follows the response example of https://docs.mistral.ai/capabilities/function_calling/.
    const replay = await replayServer(
      json(200, {
        id: 'cf79f7daaee244b1a0ae5c7b1444424a',
        object: 'chat.completion',
        created: 1759500534,
        model: 'mistral-large-latest',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: '',
              tool_calls: [
                { id: 'D681PevKs', function: { name: 'get_weather', arguments: '{"city": "Paris"}' }, index: 0 },
                { id: 'A7tQ2bXw9', function: { name: 'get_weather', arguments: '{"city": "London"}' }, index: 1 },
              ],
              prefix: false,
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: { prompt_tokens: 80, completion_tokens: 30, total_tokens: 110 },
      }),
    );
    const running = await startGateway([deployment(replay, 'mistral-large-latest')]);
    const completion = await running.client.chat.completions.create({ model: 'mistral-large-latest', messages: [{ role: 'user', content: 'Weather in Paris and London?' }], tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'get_weather' } } });
    expect(completion.choices[0].message.tool_calls).toStrictEqual([
      { id: 'D681PevKs', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
      { id: 'A7tQ2bXw9', type: 'function', function: { name: 'get_weather', arguments: '{"city": "London"}' } },
    ]);
    expect(upstreamBody(replay).tool_choice).toStrictEqual({ type: 'function', function: { name: 'get_weather' } });
  });

  it('streams incremental tool-call deltas as OpenAI tool_calls deltas (vercel-ai mistral-incremental-tool-call)', async () => {
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: sseFromChunks('mistral/vercel-ai/mistral-incremental-tool-call.chunks.txt'), split: 'events' });
    const running = await startGateway([deployment(replay, 'zai-glm-5-2')]);
    const chunks = await collect(
      await running.client.chat.completions.create({ model: 'zai-glm-5-2', messages: [{ role: 'user', content: 'Weather in Berlin?' }], tools: [weatherTool], stream: true, stream_options: { include_usage: true } }),
    );
    const head = { id: '735e434874a24f68a2390b3cab149242', object: 'chat.completion.chunk', created: 1787234678, model: 'zai-glm-5-2' };
    expect(chunks).toStrictEqual([
      { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'chatcmpl-tool-9f149c74c42f265b', type: 'function', function: { name: 'webSearchTool', arguments: '' } }] }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"query": "current Berlin weather"}' } }] }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
      { ...head, choices: [], usage: { prompt_tokens: 171, completion_tokens: 14, total_tokens: 185, prompt_tokens_details: { cached_tokens: 128 } } },
    ]);
    expect(upstreamBody(replay).stream).toBe(true);
  });
});

describe('streaming', () => {
  const head = { id: '5319bd0299614c679a0068a4f2c8ffd0', object: 'chat.completion.chunk', created: 1769088720, model: 'mistral-small-latest' };
  const textChunks = [
    { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    ...['Hello', ', ', 'world!', ' This', ' is a test', ' response.'].map((content) => ({ ...head, choices: [{ index: 0, delta: { content }, finish_reason: null }] })),
    { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  ];

  it('streams text and sends no usage chunk without include_usage (vercel-ai mistral-text)', async () => {
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: sseFromChunks('mistral/vercel-ai/mistral-text.chunks.txt'), split: 1 });
    const running = await startGateway([deployment(replay, 'mistral-small-latest')]);
    const chunks = await collect(await running.client.chat.completions.create({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hello' }], stream: true }));
    expect(chunks).toStrictEqual(textChunks);
    expect(upstreamBody(replay)).toStrictEqual({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hello' }], stream: true });
  });

  it('adds the usage chunk last with include_usage, and never sends stream_options upstream', async () => {
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: sseFromChunks('mistral/vercel-ai/mistral-text.chunks.txt') });
    const running = await startGateway([deployment(replay, 'mistral-small-latest')]);
    const chunks = await collect(await running.client.chat.completions.create({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hello' }], stream: true, stream_options: { include_usage: true } }));
    expect(chunks).toStrictEqual([...textChunks, { ...head, choices: [], usage: { prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 } }]);
    expect(upstreamBody(replay)).toStrictEqual({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hello' }], stream: true });
  });

  it('ends with the upstream error when Mistral stops a stream with finish_reason "error"', async () => {
    const first = { id: 'a', object: 'chat.completion.chunk', created: 1, model: 'mistral-small-latest', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] };
    const failed = { ...first, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] };
    const replay = await replayServer(sse([first, failed]));
    const running = await startGateway([deployment(replay, 'mistral-small-latest')]);
    const answer = await postRaw(running, { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(answer).toStrictEqual({
      status: 200,
      text:
        'data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"mistral-small-latest","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}\n\n' +
        'data: {"error":{"message":"mistral: generation failed part way (finish_reason \\"error\\")","type":"upstream_error","param":null,"code":"upstream_error"}}\n\n',
    });
  });

  it('ends with the mapped error when an {"object":"error"} event arrives mid-stream (event body shaped as Mistral API errors)', async () => {
    const first = { id: 'a', object: 'chat.completion.chunk', created: 1, model: 'mistral-small-latest', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] };
    const replay = await replayServer(sse([first, { object: 'error', message: 'Service tier capacity exceeded for this model.', type: 'service_tier_capacity_exceeded', param: null, code: '3505', raw_status_code: 429 }], false));
    const running = await startGateway([deployment(replay, 'mistral-small-latest')]);
    const answer = await postRaw(running, { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(answer.text.split('\n\n').slice(1)).toStrictEqual([
      'data: {"error":{"message":"mistral: Service tier capacity exceeded for this model.","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}',
      '',
    ]);
  });

  it('ends with stream_interrupted when the body closes before [DONE]', async () => {
    const first = { id: 'a', object: 'chat.completion.chunk', created: 1, model: 'mistral-small-latest', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] };
    const replay = await replayServer(sse([first], false));
    const running = await startGateway([deployment(replay, 'mistral-small-latest')]);
    const answer = await postRaw(running, { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(answer.text.split('\n\n').slice(1)).toStrictEqual(['data: {"error":{"message":"mistral: the stream ended before [DONE]","type":"upstream_error","param":null,"code":"stream_interrupted"}}', '']);
  });

  it('aborts the upstream request when the client goes away mid-stream', async () => {
    const body = readFixture('mistral/pydantic-ai/test_mistral_model_thinking_part_iter.1.response.sse');
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'text/event-stream' }, body, hangAfterBytes: body.indexOf('\n\n') + 2 });
    const running = await startGateway([deployment(replay, 'magistral-medium-latest')]);
    const controller = new AbortController();
    const stream = await running.client.chat.completions.create({ model: 'magistral-medium-latest', messages: [{ role: 'user', content: 'How do I cross the street?' }], stream: true }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.choices[0].delta).toStrictEqual({ role: 'assistant', content: '' });
    controller.abort();
    await replay.requests[0].aborted;
    expect(replay.requests[0].wasAborted()).toBe(true);
  });
});

describe('reasoning', () => {
  const thinkingStream = 'mistral/pydantic-ai/test_mistral_model_thinking_part_iter';
  const reasoning =
    'Okay, the user is asking how to cross the street. I know that crossing the street safely involves a few key steps: first, look both ways to check for oncoming traffic; second, use a crosswalk if one is available; third, obey any traffic signals or signs that may be present; and finally, proceed with caution until you have safely reached the other side. Let me compile this information into a clear and concise response.';

  it.each([['whole' as const], ['events' as const], [1]])('streams Magistral thinking chunks as reasoning_content, then the text (pydantic-ai thinking_part_iter, upstream split %s)', async (split) => {
    const [interaction] = readCassette(thinkingStream);
    expect(interaction.response.bodyExact).toBe(true);
    const replay = await replayServer(replayAnswerOf(interaction, { split }));
    const running = await startGateway([deployment(replay, 'magistral-medium-latest')]);
    const chunks = await collect(
      await running.client.chat.completions.create({ model: 'magistral-medium-latest', messages: [{ role: 'user', content: 'How do I cross the street?' }], stream: true, stream_options: { include_usage: true } }),
    );
    const head = { id: '9f9d90210f194076abeee223863eaaf0', object: 'chat.completion.chunk', created: 1764296393, model: 'magistral-medium-latest' };
    expect(chunks.slice(0, 3)).toStrictEqual([
      { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { reasoning_content: 'Okay' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { reasoning_content: ', the' }, finish_reason: null }] },
    ]);
    expect(chunks.slice(-3)).toStrictEqual([
      { ...head, choices: [{ index: 0, delta: { content: '.' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...head, choices: [], usage: { prompt_tokens: 10, completion_tokens: 232, total_tokens: 242 } },
    ]);
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined);
    expect(deltas.map((delta) => delta?.reasoning_content ?? '').join('')).toBe(reasoning);
    const content = deltas.map((delta) => delta?.content ?? '').join('');
    expect({ length: content.length, start: content.slice(0, 48), end: content.slice(-31) }).toStrictEqual({ length: 607, start: 'To cross the street safely, follow these steps:\n', end: 'you can ensure a safe crossing.' });
    expect(chunks.length).toBe(157);
    expect(upstreamBody(replay)).toStrictEqual(interaction.request.body);
  });

  it('returns thinking as reasoning_content and text as content (vercel-ai mistral-reasoning)', async () => {
    const replay = await replayServer(json(200, readFixtureText('mistral/vercel-ai/mistral-reasoning.json')));
    const running = await startGateway([deployment(replay, 'magistral-medium-2507')]);
    const completion = await running.client.chat.completions.create({ model: 'magistral-medium-2507', messages: [{ role: 'user', content: 'What is 2+2?' }], prompt_mode: 'reasoning' } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(completion).toStrictEqual({
      id: 'a4e29c5b82f94d67b23e108a7c9df6e1',
      object: 'chat.completion',
      created: 1769088912,
      model: 'magistral-medium-2507',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: '2 + 2 = 4', refusal: null, reasoning_content: 'The user is asking for 2+2. This is basic arithmetic. 2+2=4.' },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 46, total_tokens: 56 },
    });
    expect(openAISpec.check('CreateChatCompletionResponse', completion)).toStrictEqual([]);
    expect(upstreamBody(replay)).toStrictEqual({ model: 'magistral-medium-2507', messages: [{ role: 'user', content: 'What is 2+2?' }], prompt_mode: 'reasoning' });
  });

  it('sends earlier reasoning back as a thinking chunk and passes reasoning_effort (pydantic-ai test_mistral_model_thinking_part)', async () => {
    const [, interaction] = readCassette('mistral/pydantic-ai/test_mistral_model_thinking_part');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([deployment(replay, 'magistral-medium-latest')]);
    const recorded = interaction.request.body as { messages: Array<{ content: unknown }> };
    const [earlierThinking, earlierText] = recorded.messages[1].content as [{ thinking: Array<{ text: string }> }, { text: string }];
    const earlierReasoning = earlierThinking.thinking.map((part) => part.text).join('');
    const completion = await running.client.chat.completions.create({
      model: 'magistral-medium-latest',
      messages: [
        { role: 'user', content: 'How do I cross the street?' },
        { role: 'assistant', content: earlierText.text, reasoning_content: earlierReasoning } as OpenAI.ChatCompletionAssistantMessageParam,
        { role: 'user', content: 'Considering the way to cross the street, analogously, how do I cross the river?' },
      ],
      reasoning_effort: 'high',
    });
    const response = JSON.parse(interaction.response.body.toString('utf8')) as { choices: Array<{ message: { content: [{ thinking: [{ text: string }] }, { text: string }] } }> };
    const [thinking, text] = response.choices[0].message.content;
    expect(completion.choices[0].message).toStrictEqual({ role: 'assistant', content: text.text, refusal: null, reasoning_content: thinking.thinking[0].text });
    expect(completion.usage).toStrictEqual({ prompt_tokens: 664, completion_tokens: 747, total_tokens: 1411 });
    expect(upstreamBody(replay)).toStrictEqual({
      model: 'magistral-medium-latest',
      messages: [
        { role: 'user', content: 'How do I cross the street?' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: [{ type: 'text', text: earlierReasoning }] }, { type: 'text', text: earlierText.text }] },
        { role: 'user', content: 'Considering the way to cross the street, analogously, how do I cross the river?' },
      ],
      reasoning_effort: 'high',
    });
  });
});

describe('upstream errors reach the client as the SDK’s own classes', () => {
  const request = { model: 'mistral-small-latest', messages: [{ role: 'user' as const, content: 'hi' }] };

  async function failWith(answer: ReplayResponse): Promise<InstanceType<typeof OpenAI.APIError>> {
    const replay = await replayServer(answer);
    const running = await startGateway([deployment(replay, 'mistral-small-latest')]);
    return (await rejectionOf(running.client.chat.completions.create(request))) as InstanceType<typeof OpenAI.APIError>;
  }

  it('401 {"detail":"Unauthorized"} is an AuthenticationError (body as reported in nextcloud/integration_openai#332)', async () => {
    const error = await failWith(json(401, '{"detail":"Unauthorized"}'));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect({ status: error.status, error: error.error }).toStrictEqual({ status: 401, error: { message: 'mistral: Unauthorized', type: 'authentication_error', param: null, code: 'invalid_api_key' } });
  });

  it('400 invalid_function_call is a BadRequestError with Mistral’s message (body as reported in nearai/ironclaw#1241)', async () => {
    const error = await failWith(json(400, '{"object":"error","message":"Tool call id was turn1_0 but must be a-z, A-Z, 0-9, with a length of 9.","type":"invalid_function_call","param":null,"code":"3280"}'));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect({ status: error.status, error: error.error }).toStrictEqual({
      status: 400,
      error: { message: 'mistral: Tool call id was turn1_0 but must be a-z, A-Z, 0-9, with a length of 9.', type: 'invalid_request_error', param: null, code: 'invalid_request' },
    });
  });

  it('422 validation detail is a 400 BadRequestError naming each field (body as reported in editor-code-assistant/eca#231)', async () => {
    const error = await failWith(
      json(422, '{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","max_completion_tokens"],"msg":"Extra inputs are not permitted","input":32000}]},"type":"invalid_request_error","param":null,"code":null}'),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect({ status: error.status, error: error.error }).toStrictEqual({
      status: 400,
      error: { message: 'mistral: body.max_completion_tokens: Extra inputs are not permitted', type: 'invalid_request_error', param: null, code: 'invalid_request' },
    });
  });

  it('a context-window 400 is context_length_exceeded (message built from Mistral’s "maximum context length" wording)', async () => {
    // Constructed: no recorded Mistral context-window error exists in the fixtures.
    const error = await failWith(json(400, '{"object":"error","message":"Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length","type":"invalid_request_error","param":null,"code":"3051"}'));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect({ status: error.status, code: error.code, type: error.type }).toStrictEqual({ status: 400, code: 'context_length_exceeded', type: 'invalid_request_error' });
  });

  it('429 is a RateLimitError carrying retry-after', async () => {
    const error = await failWith(json(429, '{"message":"Requests rate limit exceeded"}', { 'retry-after': '7' }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect({ status: error.status, code: error.code, message: error.message, retryAfter: error.headers?.get('retry-after') }).toStrictEqual({
      status: 429,
      code: 'rate_limit_exceeded',
      message: '429 mistral: Requests rate limit exceeded',
      retryAfter: '7',
    });
  });

  it('a 500 is a 502 upstream_error and a 503 a 503 service_unavailable', async () => {
    const internal = await failWith(json(500, '{"object":"error","message":"Internal server error","type":"internal_server_error","param":null,"code":"1000"}'));
    expect(internal).toBeInstanceOf(OpenAI.InternalServerError);
    expect({ status: internal.status, code: internal.code, message: internal.message }).toStrictEqual({ status: 502, code: 'upstream_error', message: '502 mistral: Internal server error' });
    const unavailable = await failWith(json(503, 'upstream connect error or disconnect/reset before headers'));
    expect({ status: unavailable.status, code: unavailable.code, message: unavailable.message }).toStrictEqual({
      status: 503,
      code: 'service_unavailable',
      message: '503 mistral: upstream connect error or disconnect/reset before headers',
    });
  });

  it('a 401 that echoes a key read from MISTRAL_API_KEY masks it for the client and in every log line', async () => {
    const key = 'envKey0123456789abcdWXYZ';
    vi.stubEnv('MISTRAL_API_KEY', key);
    vi.stubEnv('MISTRAL_AZURE_API_KEY', '');
    const replay = await replayServer(json(401, `{"object":"error","message":"Invalid key ${key}","type":"invalid_request_error","param":null,"code":null}`));
    const running = await startGateway([{ model_name: 'small', litellm_params: { model: 'mistral/mistral-small-latest', api_base: replay.url } }]);
    const error = (await rejectionOf(running.client.chat.completions.create({ ...request, model: 'small' }))) as InstanceType<typeof OpenAI.APIError>;
    expect((error.error as { message: string }).message).toBe('mistral: Invalid key …WXYZ');
    expect(replay.requests[0].headers.authorization).toBe(`Bearer ${key}`);
    expect(running.logs.filter((line) => line.includes(key))).toStrictEqual([]);
  });
});

describe('embeddings', () => {
  // The response example of POST /v1/embeddings in Mistral's OpenAPI document (no recorded Mistral embeddings call exists).
  const referenceAnswer = {
    data: [
      { embedding: [-0.016632080078125, 0.0701904296875, 0.03143310546875, 0.01309967041015625, 0.0202789306640625], index: 0, object: 'embedding' },
      { embedding: [-0.0230560302734375, 0.039337158203125, 0.0521240234375, -0.0184783935546875, 0.034271240234375], index: 1, object: 'embedding' },
    ],
    model: 'mistral-embed',
    object: 'list',
    usage: { prompt_tokens: 15, completion_tokens: 0, total_tokens: 15, prompt_audio_seconds: null },
  };

  it('posts to /v1/embeddings with dimensions as output_dimension and returns OpenAI embeddings', async () => {
    const replay = await replayServer(json(200, { id: 'embd-aad6fc62b17349b192ef09225058bc45', ...referenceAnswer }));
    const running = await startGateway([deployment(replay, 'mistral-embed')]);
    const response = await running.client.embeddings.create({ model: 'mistral-embed', input: ['Embed this sentence.', 'As well as this one.'], dimensions: 5, encoding_format: 'float' });
    expect(response).toStrictEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: referenceAnswer.data[0].embedding },
        { object: 'embedding', index: 1, embedding: referenceAnswer.data[1].embedding },
      ],
      model: 'mistral-embed',
      usage: { prompt_tokens: 15, total_tokens: 15 },
    });
    expect(openAISpec.check('CreateEmbeddingResponse', response)).toStrictEqual([]);
    expect({ path: replay.requests[0].path, body: upstreamBody(replay) }).toStrictEqual({
      path: '/v1/embeddings',
      body: { model: 'mistral-embed', input: ['Embed this sentence.', 'As well as this one.'], encoding_format: 'float', output_dimension: 5 },
    });
  });
});

describe('boot checks', () => {
  it('refuses to start without a key anywhere', async () => {
    vi.stubEnv('MISTRAL_API_KEY', '');
    vi.stubEnv('MISTRAL_AZURE_API_KEY', '');
    await expect(startGateway([{ model_name: 'small', litellm_params: { model: 'mistral/mistral-small-latest' } }])).rejects.toThrow(
      'model small (mistral/mistral-small-latest): no API key for mistral/: set litellm_params.api_key or the environment variable MISTRAL_API_KEY',
    );
  });

  it('applies safe_prompt from litellm_params as the default, under the request’s own value', async () => {
    const [interaction] = readCassette('mistral/pydantic-ai/test_stop_settings.mistral');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([deployment(replay, 'ministral-8b-latest', { safe_prompt: true, api_base: `${replay.url}/v1/` })]);
    await running.client.chat.completions.create({ model: 'ministral-8b-latest', messages: [{ role: 'user', content: 'hi' }] });
    await running.client.chat.completions.create({ model: 'ministral-8b-latest', messages: [{ role: 'user', content: 'hi' }], safe_prompt: false } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(replay.requests.map((received) => [received.path, upstreamBody(replay, replay.requests.indexOf(received)).safe_prompt])).toStrictEqual([
      ['/v1/chat/completions', true],
      ['/v1/chat/completions', false],
    ]);
  });
});
