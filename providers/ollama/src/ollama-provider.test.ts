import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import OpenAI from 'openai';
import { createLogger, type Deployment, type ModelListEntry, type ProviderCall, type UpstreamHttp } from '@switchyard/core';
import { createProviderHarness, openAPIValidator, readFixture, readFixtureJson, rejectionOf, specsDir, type ProviderHarnessGateway, type ReplayResponse, type ReplayServer } from '@switchyard/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ollama } from './ollama-provider.js';

/*
 * End to end: the official openai client talks to a real gateway (createGateway + listen) whose deployments point at
 * a loopback replay server answering as Ollama would. No recording of Ollama's native API exists in shared/fixtures,
 * so JSON answers are Ollama's documented examples (shared/fixtures/ollama/ollama-docs, pretty-printed; and the
 * examples of shared/specs/ollama/openapi.yaml) and NDJSON streams are built from the API reference
 * (../fixtures/README.md names the doc page of each). They are replayed byte for byte.
 */

const ollamaSpec = openAPIValidator(join(specsDir(), 'ollama/openapi.yaml'));
const openAISpec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));
const { replayServer, startGateway, cleanup } = createProviderHarness({ providers: [ollama], client: (baseURL) => new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 }) });

afterEach(async () => {
  await cleanup();
  vi.unstubAllEnvs();
});

function local(replay: ReplayServer, model = 'ollama/llama3.2', extra: Record<string, unknown> = {}): ModelListEntry {
  return { model_name: 'local', litellm_params: { model, api_base: replay.url, ...extra } };
}

function built(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
}

function jsonAnswer(body: string | Buffer, status = 200, headers: Record<string, string> = {}): ReplayResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body };
}

function ndjsonAnswer(body: Buffer, split: ReplayResponse['split'] = 'whole'): ReplayResponse {
  return { status: 200, headers: { 'content-type': 'application/x-ndjson' }, body, split };
}

async function postRaw(running: ProviderHarnessGateway<OpenAI>, body: unknown): Promise<{ status: number; text: string }> {
  const response = await running.postJson('/chat/completions', body);
  return { status: response.status, text: await response.text() };
}

/** The generated ids differ per call; everything else is compared exactly. */
function withoutId<T extends { id: string }>(value: T): Omit<T, 'id'> {
  expect(value.id).toMatch(/^chatcmpl-[0-9a-f]{24}$/);
  const { id: _id, ...rest } = value;
  return rest;
}

// The example response of POST /api/chat in shared/specs/ollama/openapi.yaml, compact as Ollama writes it.
const specChatExample =
  '{"model":"gemma4","created_at":"2025-10-17T23:14:07.414671Z","message":{"role":"assistant","content":"Hello! How can I help you today?"},"done":true,"done_reason":"stop","total_duration":174560334,"load_duration":101397084,"prompt_eval_count":11,"prompt_eval_duration":13074791,"eval_count":18,"eval_duration":52479709}';

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Get the weather in a given city',
    parameters: { type: 'object', properties: { city: { type: 'string', description: 'The city to get the weather for' } }, required: ['city'] },
  },
};

describe('chat completions', () => {
  it('posts to /api/chat with stream:false and returns the exact completion (openapi.yaml /api/chat example)', async () => {
    const replay = await replayServer(jsonAnswer(specChatExample));
    const running = await startGateway([local(replay, 'ollama/gemma4')]);
    const completion = await running.client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'why is the sky blue?' }], temperature: 0.7, max_tokens: 64 });
    expect(withoutId(completion)).toStrictEqual({
      object: 'chat.completion',
      created: 1760742847,
      model: 'gemma4',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help you today?', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 11, completion_tokens: 18, total_tokens: 29 },
    });
    expect(openAISpec.check('CreateChatCompletionResponse', completion)).toStrictEqual([]);
    const [received] = replay.requests;
    expect({ method: received.method, path: received.path, body: received.body }).toStrictEqual({
      method: 'POST',
      path: '/api/chat',
      body: '{"model":"gemma4","messages":[{"role":"user","content":"why is the sky blue?"}],"stream":false,"options":{"temperature":0.7,"num_predict":64}}',
    });
    expect(received.headers).toStrictEqual({
      host: replay.url.slice('http://'.length),
      connection: 'keep-alive',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(received.body)),
    });
    expect(ollamaSpec.check('ChatRequest', JSON.parse(received.body))).toStrictEqual([]);
  });

  it('serves ollama_chat/ the same way, and sends OLLAMA_API_KEY to a base from OLLAMA_API_BASE', async () => {
    const replay = await replayServer(jsonAnswer(specChatExample));
    vi.stubEnv('OLLAMA_API_BASE', replay.url);
    vi.stubEnv('OLLAMA_API_KEY', 'ollama-cloud-key-0001');
    const running = await startGateway([{ model_name: 'cloud', litellm_params: { model: 'ollama_chat/gpt-oss:120b' } }]);
    await running.client.chat.completions.create({ model: 'cloud', messages: [{ role: 'user', content: 'hi' }] });
    expect({ path: replay.requests[0].path, authorization: replay.requests[0].headers.authorization, body: JSON.parse(replay.requests[0].body) }).toStrictEqual({
      path: '/api/chat',
      authorization: 'Bearer ollama-cloud-key-0001',
      body: { model: 'gpt-oss:120b', messages: [{ role: 'user', content: 'hi' }], stream: false },
    });
  });

  it('sends a data: image as images[] and returns the answer (ollama-docs chat-request-with-images)', async () => {
    const documented = readFixtureJson<{ model: string; messages: Array<{ images: string[] }> }>('ollama/ollama-docs/chat-request-with-images.request.json');
    const replay = await replayServer(jsonAnswer(readFixture('ollama/ollama-docs/chat-request-with-images.response.json')));
    const running = await startGateway([local(replay, 'ollama/llava')]);
    const completion = await running.client.chat.completions.create({
      model: 'local',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is in this image?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${documented.messages[0].images[0]}` } },
          ],
        },
      ],
    });
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual({ ...documented, stream: false });
    expect(ollamaSpec.check('ChatRequest', JSON.parse(replay.requests[0].body))).toStrictEqual([]);
    expect(withoutId(completion)).toStrictEqual({
      object: 'chat.completion',
      created: 1702507370,
      model: 'llava',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content:
              " The image features a cute, little pig with an angry facial expression. It's wearing a heart on its shirt and is waving in the air. This scene appears to be part of a drawing or sketching project.",
            refusal: null,
          },
          logprobs: null,
          // The documented answer predates done_reason; an answer without one has no known finish.
          finish_reason: null,
        },
      ],
      usage: { prompt_tokens: 26, completion_tokens: 83, total_tokens: 109 },
    });
  });

  it('refuses an https image URL with a 400 naming the param, without calling Ollama', async () => {
    const replay = await replayServer(jsonAnswer(specChatExample));
    const running = await startGateway([local(replay)]);
    const answer = await postRaw(running, { model: 'local', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://169.254.169.254/latest/meta-data' } }] }] });
    expect({ status: answer.status, body: JSON.parse(answer.text) }).toStrictEqual({
      status: 400,
      body: {
        error: {
          message:
            'messages[0].content[0].image_url.url is an image URL: the gateway does not fetch URLs named in a request. Ollama takes images inline: send data:image/<type>;base64,<data>.',
          type: 'invalid_request_error',
          param: 'messages[0].content[0].image_url.url',
          code: 'invalid_request',
        },
      },
    });
    expect(replay.requests).toStrictEqual([]);
  });

  it('refuses n > 1 and params Ollama cannot carry before calling it', async () => {
    const replay = await replayServer(jsonAnswer(specChatExample));
    const running = await startGateway([local(replay)]);
    const tooMany = rejectionOf(running.client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'hi' }], n: 2 }));
    const logprobs = rejectionOf(running.client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'hi' }], logprobs: true }));
    for (const [error, param] of [
      [await tooMany, 'n'],
      [await logprobs, 'logprobs'],
    ] as const) {
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect({ code: (error as InstanceType<typeof OpenAI.BadRequestError>).code, param: (error as InstanceType<typeof OpenAI.BadRequestError>).param }).toStrictEqual({
        code: 'unsupported_parameter',
        param,
      });
    }
    expect(replay.requests).toStrictEqual([]);
  });
});

describe('tools', () => {
  it('returns a tool call with a generated id, then sends the result back by name (ollama-docs tools examples)', async () => {
    const answers = [
      jsonAnswer(readFixture('ollama/ollama-docs/chat-request-no-streaming-with-tools.response.json')),
      jsonAnswer(readFixture('ollama/ollama-docs/chat-request-with-history-with-tools.response.json')),
    ];
    let next = 0;
    const replay = await replayServer(() => answers[next++]);
    const running = await startGateway([local(replay)]);

    const first = await running.client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'what is the weather in tokyo?' }], tools: [weatherTool] });
    const toolCall = first.choices[0].message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(toolCall.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(withoutId(first)).toStrictEqual({
      object: 'chat.completion',
      created: 1751920373,
      model: 'llama3.2',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: toolCall.id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }] },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 169, completion_tokens: 18, total_tokens: 187 },
    });
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual(readFixtureJson('ollama/ollama-docs/chat-request-no-streaming-with-tools.request.json'));

    const second = await running.client.chat.completions.create({
      model: 'local',
      messages: [
        { role: 'user', content: 'what is the weather in tokyo?' },
        first.choices[0].message,
        { role: 'tool', tool_call_id: toolCall.id, content: '11 degrees celsius' },
      ],
      tools: [weatherTool],
    });
    const sent = JSON.parse(replay.requests[1].body) as Record<string, unknown>;
    expect(sent).toStrictEqual({
      model: 'llama3.2',
      messages: [
        { role: 'user', content: 'what is the weather in tokyo?' },
        { role: 'assistant', content: '', tool_calls: [{ id: toolCall.id, function: { name: 'get_weather', arguments: { city: 'Tokyo' } } }] },
        { role: 'tool', content: '11 degrees celsius', tool_name: 'get_weather', tool_call_id: toolCall.id },
      ],
      stream: false,
      tools: [weatherTool],
    });
    expect(ollamaSpec.check('ChatRequest', sent)).toStrictEqual([]);
    expect(second.choices[0]).toStrictEqual({
      index: 0,
      message: { role: 'assistant', content: 'The current temperature in Toronto is 11°C.', refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    });
  });

  it.each([['whole' as const], [1], [7]])('streams parallel tool calls as one delta each with usage (built stream, upstream split %s)', async (split) => {
    const replay = await replayServer(ndjsonAnswer(built('chat-stream-tools.ndjson'), split));
    const running = await startGateway([local(replay)]);
    const stream = await running.client.chat.completions.create({
      model: 'local',
      messages: [{ role: 'user', content: 'what is the weather in tokyo and paris?' }],
      tools: [weatherTool],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const id = chunks[0].id;
    const head = { id, object: 'chat.completion.chunk', created: 1751919739, model: 'llama3.2' };
    expect(chunks).toStrictEqual([
      { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_k3n9x2pq', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }] }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_w81hz0ad', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
      { ...head, choices: [], usage: { prompt_tokens: 169, completion_tokens: 29, total_tokens: 198 } },
    ]);
    expect(chunks.map((chunk) => openAISpec.check('CreateChatCompletionStreamResponse', chunk))).toStrictEqual(chunks.map(() => []));
    const sent = JSON.parse(replay.requests[0].body) as Record<string, unknown>;
    expect(sent).toStrictEqual({ model: 'llama3.2', messages: [{ role: 'user', content: 'what is the weather in tokyo and paris?' }], stream: true, tools: [weatherTool] });
    expect(ollamaSpec.check('ChatRequest', sent)).toStrictEqual([]);
  });
});

describe('streams', () => {
  it.each([['whole' as const], [1], [13]])('writes the text stream as exact SSE, usage last (built stream, upstream split %s)', async (split) => {
    const replay = await replayServer(ndjsonAnswer(built('chat-stream-text.ndjson'), split));
    const running = await startGateway([local(replay)]);
    const answer = await postRaw(running, { model: 'local', messages: [{ role: 'user', content: 'why is the sky blue?' }], stream: true, stream_options: { include_usage: true } });
    const id = /"id":"(chatcmpl-[0-9a-f]{24})"/.exec(answer.text)?.[1];
    const head = `{"id":"${id}","object":"chat.completion.chunk","created":1751919739,"model":"llama3.2"`;
    const words = ['The', ' sky', ' is', ' blue', ' because', ' of', ' Rayleigh', ' scattering', '.'];
    expect({ status: answer.status, text: answer.text }).toStrictEqual({
      status: 200,
      text:
        `data: ${head},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n` +
        words.map((word) => `data: ${head},"choices":[{"index":0,"delta":{"content":${JSON.stringify(word)}},"finish_reason":null}]}\n\n`).join('') +
        `data: ${head},"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n` +
        `data: ${head},"choices":[],"usage":{"prompt_tokens":26,"completion_tokens":10,"total_tokens":36}}\n\n` +
        'data: [DONE]\n\n',
    });
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual({ model: 'llama3.2', messages: [{ role: 'user', content: 'why is the sky blue?' }], stream: true });
  });

  it('streams thinking as reasoning_content, with reasoning_effort sent as think (built stream)', async () => {
    const replay = await replayServer(ndjsonAnswer(built('chat-stream-thinking.ndjson')));
    const running = await startGateway([local(replay, 'ollama/qwen3')]);
    const stream = await running.client.chat.completions.create({
      model: 'local',
      messages: [{ role: 'user', content: 'How many letter r are in strawberry?' }],
      reasoning_effort: 'high',
      stream: true,
    });
    let reasoning = '';
    let content = '';
    const finishes: Array<string | null> = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? '';
      content += delta?.content ?? '';
      finishes.push(chunk.choices[0]?.finish_reason ?? null);
    }
    expect({ reasoning, content, finishes }).toStrictEqual({
      reasoning: "The user's asking how many r's are in strawberry. s-t-r-a-w-b-e-r-r-y: three.",
      content: "There are **3** letter r's.",
      finishes: [...Array.from({ length: 11 }, () => null), 'stop'],
    });
    const sent = JSON.parse(replay.requests[0].body) as Record<string, unknown>;
    expect(sent).toStrictEqual({ model: 'qwen3', messages: [{ role: 'user', content: 'How many letter r are in strawberry?' }], stream: true, think: 'high' });
    expect(ollamaSpec.check('ChatRequest', sent)).toStrictEqual([]);
  });

  it('ends with the mapped error event when Ollama sends an {"error"} line mid-stream (built from api/errors)', async () => {
    const replay = await replayServer(ndjsonAnswer(built('chat-stream-error.ndjson')));
    const running = await startGateway([local(replay)]);
    const answer = await postRaw(running, { model: 'local', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const id = /"id":"(chatcmpl-[0-9a-f]{24})"/.exec(answer.text)?.[1];
    const head = `{"id":"${id}","object":"chat.completion.chunk","created":1761499281,"model":"llama3.2"`;
    expect({ status: answer.status, text: answer.text }).toStrictEqual({
      status: 200,
      text:
        `data: ${head},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n` +
        `data: ${head},"choices":[{"index":0,"delta":{"content":" Yes"},"finish_reason":null}]}\n\n` +
        `data: ${head},"choices":[{"index":0,"delta":{"content":"."},"finish_reason":null}]}\n\n` +
        'data: {"error":{"message":"ollama: an error was encountered while running the model","type":"upstream_error","param":null,"code":"upstream_error"}}\n\n',
    });
  });

  it('hangs up on Ollama when the client aborts mid-stream', async () => {
    const body = built('chat-stream-text.ndjson');
    const replay = await replayServer({ ...ndjsonAnswer(body), hangAfterBytes: body.indexOf('\n') + 1 });
    const running = await startGateway([local(replay)]);
    const controller = new AbortController();
    const stream = await running.client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'hi' }], stream: true }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.choices[0].delta).toStrictEqual({ role: 'assistant', content: '' });
    expect((await iterator.next()).value?.choices[0].delta).toStrictEqual({ content: 'The' });
    controller.abort();
    await replay.requests[0].aborted;
    expect(replay.requests[0].wasAborted()).toBe(true);
  });
});

describe('errors', () => {
  it("404 model not found is the SDK's NotFoundError with Ollama's message", async () => {
    const replay = await replayServer(jsonAnswer('{"error":"model \'llama3.3\' not found"}', 404));
    const running = await startGateway([local(replay, 'ollama/llama3.3')]);
    const error = await rejectionOf(running.client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'hi' }] }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toStrictEqual({
      message: "ollama: model 'llama3.3' not found",
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    });
  });

  it('a 404 before the first chunk of a stream keeps its status', async () => {
    const replay = await replayServer(jsonAnswer('{"error":"model \'llama3.3\' not found"}', 404));
    const running = await startGateway([local(replay, 'ollama/llama3.3')]);
    const answer = await postRaw(running, { model: 'local', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect({ status: answer.status, body: JSON.parse(answer.text) }).toStrictEqual({
      status: 404,
      body: { error: { message: "ollama: model 'llama3.3' not found", type: 'invalid_request_error', param: null, code: 'model_not_found' } },
    });
  });

  it('a 500 about the context window is a ContextWindowExceededError (400 context_length_exceeded)', async () => {
    const replay = await replayServer(jsonAnswer('{"error":"input after truncation exceeds maximum context length"}', 500));
    const running = await startGateway([local(replay)]);
    const error = await rejectionOf(running.client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'hi' }] }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toStrictEqual({
      message: 'ollama: input after truncation exceeds maximum context length',
      type: 'invalid_request_error',
      param: null,
      code: 'context_length_exceeded',
    });
  });

  it('a 500 is a 502 upstream_error; a busy 503 keeps retry-after (messages from docs/api/errors and server/sched.go)', async () => {
    const replay = await replayServer(jsonAnswer('{"error":"the model failed to generate a response"}', 500));
    const running = await startGateway([local(replay)]);
    const failed = await rejectionOf(running.client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'hi' }] }));
    expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
    expect({ status: (failed as InstanceType<typeof OpenAI.APIError>).status, body: (failed as InstanceType<typeof OpenAI.APIError>).error }).toStrictEqual({
      status: 502,
      body: { message: 'ollama: the model failed to generate a response', type: 'upstream_error', param: null, code: 'upstream_error' },
    });
    replay.answer(jsonAnswer('{"error":"server busy, please try again.  maximum pending requests exceeded"}', 503, { 'retry-after': '2' }));
    const busy = (await rejectionOf(running.client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'hi' }] }))) as InstanceType<typeof OpenAI.APIError>;
    expect(busy).toBeInstanceOf(OpenAI.APIError);
    expect({ status: busy.status, code: busy.code, retryAfter: busy.headers?.get('retry-after') }).toStrictEqual({
      status: 503,
      code: 'service_unavailable',
      retryAfter: '2',
    });
  });

  it('says where it tried to connect when Ollama is not running, without credentials', async () => {
    const port = await closedPort();
    const running = await startGateway([{ model_name: 'local', litellm_params: { model: 'ollama/llama3.2', api_base: `http://user:secret@127.0.0.1:${port}` } }]);
    const answer = await postRaw(running, { model: 'local', messages: [{ role: 'user', content: 'hi' }] });
    expect({ status: answer.status, body: JSON.parse(answer.text) }).toStrictEqual({
      status: 502,
      body: {
        error: {
          message: `ollama: could not connect to http://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}). Is Ollama running there? Start it with \`ollama serve\`, or point litellm_params.api_base (or OLLAMA_API_BASE) at your server.`,
          type: 'upstream_error',
          param: null,
          code: 'upstream_unreachable',
        },
      },
    });
  });
});

describe('embeddings and models', () => {
  // The example response of POST /api/embed in openapi.yaml, compact.
  const embedExample = '{"model":"embeddinggemma","embeddings":[[0.010071029,-0.0017594862,0.05007221]],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8}';

  it('posts to /api/embed and answers in OpenAI floats', async () => {
    const replay = await replayServer(jsonAnswer(embedExample));
    const running = await startGateway([local(replay, 'ollama/embeddinggemma')]);
    const response = await running.client.embeddings.create({ model: 'local', input: 'Why is the sky blue?', encoding_format: 'float', dimensions: 3 });
    expect(response).toStrictEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.010071029, -0.0017594862, 0.05007221] }],
      model: 'embeddinggemma',
      usage: { prompt_tokens: 8, total_tokens: 8 },
    });
    const sent = JSON.parse(replay.requests[0].body) as Record<string, unknown>;
    expect({ path: replay.requests[0].path, body: sent }).toStrictEqual({ path: '/api/embed', body: { model: 'embeddinggemma', input: 'Why is the sky blue?', dimensions: 3 } });
    expect(ollamaSpec.check('EmbedRequest', sent)).toStrictEqual([]);
    expect(openAISpec.check('CreateEmbeddingResponse', response)).toStrictEqual([]);
  });

  it("answers the SDK's default base64 request with float32 bytes the SDK decodes", async () => {
    const replay = await replayServer(jsonAnswer(embedExample));
    const running = await startGateway([local(replay, 'ollama/embeddinggemma')]);
    const response = await running.client.embeddings.create({ model: 'local', input: ['Why is the sky blue?'] });
    expect(response.data[0].embedding).toStrictEqual([0.010071029, -0.0017594862, 0.05007221].map((value) => Math.fround(value)));
  });

  it('listModels reads GET /api/tags (openapi.yaml example)', async () => {
    const tags =
      '{"models":[{"name":"gemma4","model":"gemma4","modified_at":"2025-10-03T23:34:03.409490317-07:00","size":9608350245,"digest":"c6eb396dbd5992bbe3f5cdb947e8bbc0ee413d7c17e2beaae69f5d569cf982eb","details":{"format":"gguf","family":"gemma4","families":["gemma4"],"parameter_size":"8.0B","quantization_level":"Q4_K_M"}}]}';
    const replay = await replayServer(jsonAnswer(tags));
    const running = await startGateway([{ model_name: 'ollama/*', litellm_params: { model: 'ollama/*', api_base: replay.url, api_key: 'ollama-key-0001' } }]);
    expect(await ollama.listModels(providerCall(running.gateway.deployments[0]))).toStrictEqual([{ id: 'gemma4', object: 'model', created: 1759559643, owned_by: 'library' }]);
    expect({ method: replay.requests[0].method, path: replay.requests[0].path, authorization: replay.requests[0].headers.authorization }).toStrictEqual({
      method: 'GET',
      path: '/api/tags',
      authorization: 'Bearer ollama-key-0001',
    });
  });
});

describe('boot checks', () => {
  it('refuses a malformed api_base or Ollama option at start-up, naming the model', async () => {
    await expect(startGateway([{ model_name: 'local', litellm_params: { model: 'ollama/llama3.2', api_base: 'localhost:11434', num_ctx: 'big' } }])).rejects.toThrow(
      'model local (ollama/llama3.2): litellm_params.api_base must be an http or https URL, got localhost:',
    );
    await expect(startGateway([{ model_name: 'local', litellm_params: { model: 'ollama/llama3.2', num_ctx: 'big' } }])).rejects.toThrow(
      'model local (ollama/llama3.2): litellm_params.num_ctx must be an integer, got "big"',
    );
  });
});

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A ProviderCall for calling listModels directly, with a fetch-based stand-in for core's HTTP client. */
function providerCall(deployment: Deployment): ProviderCall {
  const http: UpstreamHttp = {
    async getJson(url, init) {
      const response = await fetch(url, { headers: init.headers, signal: init.signal });
      const text = await response.text();
      const headers = Object.fromEntries(response.headers);
      if (!response.ok) throw init.mapError!({ status: response.status, headers, bodyText: text });
      return { status: response.status, headers, body: JSON.parse(text) as never, text };
    },
    postJson: () => Promise.reject(new Error('not used')),
    postStream: () => Promise.reject(new Error('not used')),
    postByteStream: () => Promise.reject(new Error('not used')),
  };
  return { deployment, signal: new AbortController().signal, http, requestId: 'test-request', logger: createLogger({ level: 'silent' }) };
}
