import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, createLogger, defineProvider, UpstreamError, type ChatChunk, type Gateway } from '@switchyard/core';

const chunkBase = { id: 'chatcmpl-inline', object: 'chat.completion.chunk' as const, created: 1, model: 'inline' };

/** Inline providers for failures the mock provider cannot stage: a stream that breaks mid-way, a crash, a 429 with retry-after. */
const failing = defineProvider({
  specificationVersion: 'v1',
  id: 'failing',
  prefixes: ['failing'],
  chat: {
    async complete(_request, call) {
      if (call.deployment.model === 'crash') throw new TypeError("Cannot read properties of undefined (reading 'choices')");
      if (call.deployment.model === 'busy') {
        throw new UpstreamError({ provider: 'failing', upstreamStatus: 429, code: 'rate_limit_exceeded', message: 'failing: Rate limit reached', headers: { 'retry-after': '7' } });
      }
      throw new UpstreamError({ provider: 'failing', upstreamStatus: 500, status: 502, code: 'upstream_error', message: 'failing: upstream answered 500' });
    },
    async stream() {
      return (async function* (): AsyncGenerator<ChatChunk> {
        yield { ...chunkBase, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] };
        throw new UpstreamError({ provider: 'failing', code: 'upstream_unreachable', message: 'could not reach failing: other side closed' });
      })();
    },
  },
});

let gateway: Gateway;
let server: Server;
let base: string;
let client: OpenAI;

beforeAll(async () => {
  gateway = await createGateway(
    {
      model_list: [
        { model_name: 'x', litellm_params: { model: 'mock/x', mock_response: 'hello there' } },
        { model_name: 'embedder', litellm_params: { model: 'mock/embedder', mock_dimensions: 4 } },
        { model_name: 'mid-stream-failure', litellm_params: { model: 'failing/stream' } },
        { model_name: 'crash', litellm_params: { model: 'failing/crash' } },
        { model_name: 'busy', litellm_params: { model: 'failing/busy' } },
        { model_name: 'down', litellm_params: { model: 'failing/down' } },
      ],
      providers: [failing],
      server: { max_body_bytes: 4096 },
    },
    { logger: createLogger({ level: 'silent' }) },
  );
  server = await gateway.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'sk-client-key', maxRetries: 0 });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await gateway.close(0);
});

const hello = { model: 'x', messages: [{ role: 'user' as const, content: 'hi' }] };

function post(path: string, body: string | object, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Splits an SSE body into its frames, checking each is exactly `data: …\n\n`. */
function framesOf(text: string): string[] {
  expect(text.endsWith('\n\n')).toBe(true);
  const frames = text.slice(0, -2).split('\n\n');
  for (const frame of frames) expect(frame).toMatch(/^data: [^\n]+$/);
  return frames.map((frame) => frame.slice('data: '.length));
}

describe('request errors', () => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    const response = await post('/v1/chat/completions', '{"model": "x", "messages": [');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      // The rest of the message is V8's own parse error, which changes between Node versions.
      error: { message: expect.stringMatching(/^We could not parse the JSON body of your request: .+/), type: 'invalid_request_error', param: null, code: 'invalid_json' },
    });
  });

  it('answers an empty body with 400 invalid_json', async () => {
    const response = await post('/v1/chat/completions', '');
    expect([response.status, await response.json()]).toEqual([
      400,
      { error: { message: 'The request body is empty; send a JSON object.', type: 'invalid_request_error', param: null, code: 'invalid_json' } },
    ]);
  });

  it('answers a wrong type with 400 invalid_request naming the param', async () => {
    const response = await post('/v1/chat/completions', { ...hello, max_tokens: 'many' });
    expect([response.status, await response.json()]).toEqual([
      400,
      { error: { message: "Invalid value for 'max_tokens': must be integer or null.", type: 'invalid_request_error', param: 'max_tokens', code: 'invalid_request' } },
    ]);
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const response = await post('/v1/chat/completions', { ...hello, model: 'gpt-9' });
    expect([response.status, await response.json()]).toEqual([
      404,
      {
        error: {
          message: "The model 'gpt-9' does not exist on this gateway. GET /v1/models lists the models it serves.",
          type: 'invalid_request_error',
          param: 'model',
          code: 'model_not_found',
        },
      },
    ]);
  });

  it('answers a body over server.max_body_bytes with 413 request_too_large and closes the connection', async () => {
    const response = await post('/v1/chat/completions', { ...hello, messages: [{ role: 'user', content: 'a'.repeat(5000) }] });
    expect([response.status, response.headers.get('connection'), await response.json()]).toEqual([
      413,
      'close',
      { error: { message: 'The request body is larger than this gateway accepts (4096 bytes).', type: 'invalid_request_error', param: null, code: 'request_too_large' } },
    ]);
  });

  it('answers api_base in the body with 400 forbidden_parameter', async () => {
    const response = await post('/v1/chat/completions', { ...hello, api_base: 'http://169.254.169.254/latest' });
    expect([response.status, await response.json()]).toEqual([
      400,
      {
        error: {
          message: "'api_base' cannot be set by a request: the gateway's configuration decides where and how it connects upstream.",
          type: 'invalid_request_error',
          param: 'api_base',
          code: 'forbidden_parameter',
        },
      },
    ]);
  });

  it('answers an unknown route with 404 not_found', async () => {
    const response = await fetch(`${base}/v1/completions/legacy`);
    expect([response.status, await response.json()]).toEqual([
      404,
      { error: { message: 'There is no route GET /v1/completions/legacy.', type: 'invalid_request_error', param: null, code: 'not_found' } },
    ]);
  });

  it('answers a wrong method with 405 method_not_allowed', async () => {
    const response = await fetch(`${base}/v1/chat/completions`);
    expect([response.status, response.headers.get('allow'), await response.json()]).toEqual([
      405,
      'POST',
      { error: { message: 'GET is not allowed on /v1/chat/completions; use POST.', type: 'invalid_request_error', param: null, code: 'method_not_allowed' } },
    ]);
  });

  it('answers a plain crash in a provider with 500 internal_error quoting only the request id', async () => {
    const response = await post('/v1/chat/completions', { ...hello, model: 'crash' }, { 'x-request-id': 'trace-7' });
    expect([response.status, await response.json()]).toEqual([
      500,
      { error: { message: 'Internal error. Quote request id trace-7 when reporting it.', type: 'server_error', param: null, code: 'internal_error' } },
    ]);
  });

  it('passes an upstream 429 retry-after header on to the client', async () => {
    const response = await post('/v1/chat/completions', { ...hello, model: 'busy' });
    expect([response.status, response.headers.get('retry-after'), await response.json()]).toEqual([
      429,
      '7',
      { error: { message: 'failing: Rate limit reached', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } },
    ]);
  });
});

describe('x-request-id', () => {
  const requests: Array<[string, () => Promise<Response>]> = [
    ['a completion', () => post('/v1/chat/completions', hello)],
    ['a stream', () => post('/v1/chat/completions', { ...hello, stream: true })],
    ['an embedding', () => post('/v1/embeddings', { model: 'embedder', input: 'a' })],
    ['a validation error', () => post('/v1/chat/completions', { model: 'x' })],
    ['an unknown route', () => fetch(`${base}/nope`)],
    ['a wrong method', () => fetch(`${base}/v1/embeddings`)],
    ['the model list', () => fetch(`${base}/v1/models`)],
    ['liveliness', () => fetch(`${base}/health/liveliness`)],
    ['readiness', () => fetch(`${base}/health/readiness`)],
  ];

  it.each(requests)('puts a new request id on the answer to %s', async (_name, send) => {
    const response = await send();
    await response.arrayBuffer();
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it.each([
    ['a completion', (id: string) => post('/v1/chat/completions', hello, { 'x-request-id': id })],
    ['a stream', (id: string) => post('/v1/chat/completions', { ...hello, stream: true }, { 'x-request-id': id })],
    ['an unknown route', (id: string) => fetch(`${base}/nope`, { headers: { 'x-request-id': id } })],
    ['a wrong method', (id: string) => fetch(`${base}/v1/embeddings`, { headers: { 'x-request-id': id } })],
    ['readiness', (id: string) => fetch(`${base}/health/readiness`, { headers: { 'x-request-id': id } })],
  ])('echoes a sane incoming request id on %s', async (_name, send) => {
    const response = await send('client-trace.42:a_b');
    await response.arrayBuffer();
    expect(response.headers.get('x-request-id')).toBe('client-trace.42:a_b');
  });

  it('replaces an incoming request id that is not sane', async () => {
    const response = await post('/v1/chat/completions', hello, { 'x-request-id': 'x'.repeat(129) });
    await response.arrayBuffer();
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('streaming', () => {
  it('frames a stream exactly as data: {json}\\n\\n and ends with data: [DONE]\\n\\n', async () => {
    const response = await post('/v1/chat/completions', { ...hello, stream: true });
    expect([response.status, response.headers.get('content-type'), response.headers.get('cache-control')]).toEqual([200, 'text/event-stream; charset=utf-8', 'no-cache']);
    const text = await response.text();
    const frames = framesOf(text);
    expect(frames.at(-1)).toBe('[DONE]');
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame) as ChatChunk);
    // The JSON is compact: written back, each frame is byte for byte what was sent.
    expect(text).toBe(chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n');
    expect(chunks.map((chunk) => [chunk.object, chunk.choices[0].delta, chunk.choices[0].finish_reason])).toEqual([
      ['chat.completion.chunk', { role: 'assistant', content: '' }, null],
      ['chat.completion.chunk', { content: 'hello ' }, null],
      ['chat.completion.chunk', { content: 'there' }, null],
      ['chat.completion.chunk', {}, 'stop'],
    ]);
  });

  it('sends no usage when the client did not ask for it', async () => {
    const text = await (await post('/v1/chat/completions', { ...hello, stream: true })).text();
    const chunks = framesOf(text).slice(0, -1).map((frame) => JSON.parse(frame) as ChatChunk);
    expect(chunks.filter((chunk) => 'usage' in chunk)).toEqual([]);
  });

  it('sends usage in the last chunk only when stream_options.include_usage is set', async () => {
    const text = await (await post('/v1/chat/completions', { ...hello, stream: true, stream_options: { include_usage: true } })).text();
    const chunks = framesOf(text).slice(0, -1).map((frame) => JSON.parse(frame) as ChatChunk);
    expect(chunks.map((chunk) => chunk.usage ?? null)).toEqual([null, null, null, null, { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 }]);
    expect(chunks.at(-1)?.choices).toEqual([]);
  });

  it('ends a stream that fails after it started with a final error event, status 200 and no [DONE]', async () => {
    const response = await post('/v1/chat/completions', { model: 'mid-stream-failure', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(
      `data: ${JSON.stringify({ ...chunkBase, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] })}\n\n` +
        'data: {"error":{"message":"The upstream stream broke off: could not reach failing: other side closed","type":"upstream_error","param":null,"code":"stream_interrupted"}}\n\n',
    );
  });
});

describe('health and models', () => {
  it('answers liveliness with 200', async () => {
    const response = await fetch(`${base}/health/liveliness`);
    expect([response.status, await response.text()]).toEqual([200, "I'm alive!"]);
  });

  it('answers readiness with the in-flight count and the number of deployments', async () => {
    const response = await fetch(`${base}/health/readiness`);
    expect([response.status, await response.json()]).toEqual([200, { status: 'healthy', in_flight: 0, models: 6 }]);
  });

  it('lists the served model names', async () => {
    const response = await fetch(`${base}/v1/models`);
    const body = (await response.json()) as { object: string; data: Array<{ id: string; object: string; owned_by: string }> };
    expect([body.object, body.data.map((model) => [model.id, model.object, model.owned_by])]).toEqual([
      'list',
      [
        ['x', 'model', 'mock'],
        ['embedder', 'model', 'mock'],
        ['mid-stream-failure', 'model', 'failing'],
        ['crash', 'model', 'failing'],
        ['busy', 'model', 'failing'],
        ['down', 'model', 'failing'],
      ],
    ]);
  });

  it('answers a chat completion on the route without /v1 too', async () => {
    const response = await post('/chat/completions', hello);
    expect(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toBe('hello there');
  });
});

describe('the official openai client', () => {
  it('gets a completion', async () => {
    const completion = await client.chat.completions.create(hello);
    expect([completion.object, completion.model, completion.choices[0].message, completion.choices[0].finish_reason, completion.usage]).toEqual([
      'chat.completion',
      'x',
      { role: 'assistant', content: 'hello there' },
      'stop',
      { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
    ]);
  });

  it('reads a stream', async () => {
    const stream = await client.chat.completions.create({ ...hello, stream: true, stream_options: { include_usage: true } });
    const contents: string[] = [];
    let usage: unknown;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) contents.push(chunk.choices[0].delta.content);
      if (chunk.usage) usage = chunk.usage;
    }
    expect([contents.join(''), usage]).toEqual(['hello there', { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 }]);
  });

  it('gets embeddings', async () => {
    const result = await client.embeddings.create({ model: 'embedder', input: ['a', 'b'] });
    expect([result.object, result.model, result.data.map((item) => [item.index, item.embedding.length])]).toEqual(['list', 'embedder', [[0, 4], [1, 4]]]);
  });

  it('lists models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['x', 'embedder', 'mid-stream-failure', 'crash', 'busy', 'down']);
  });

  it('raises BadRequestError for a 400 with the code and param', async () => {
    const error = await client.chat.completions.create({ ...hello, temperature: 3 }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const badRequest = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect([badRequest.status, badRequest.code, badRequest.param, badRequest.type]).toEqual([400, 'invalid_request', 'temperature', 'invalid_request_error']);
  });

  it('raises NotFoundError for an unknown model', async () => {
    const error = await client.chat.completions.create({ ...hello, model: 'gpt-9' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect([(error as InstanceType<typeof OpenAI.NotFoundError>).code, (error as InstanceType<typeof OpenAI.NotFoundError>).param]).toEqual(['model_not_found', 'model']);
  });

  it('raises RateLimitError for a 429 and sees its retry-after header', async () => {
    const error = await client.chat.completions.create({ ...hello, model: 'busy' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect([(error as InstanceType<typeof OpenAI.RateLimitError>).code, (error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')]).toEqual([
      'rate_limit_exceeded',
      '7',
    ]);
  });

  it('raises InternalServerError for a 500', async () => {
    const error = await client.chat.completions.create({ ...hello, model: 'crash' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect([(error as InstanceType<typeof OpenAI.InternalServerError>).status, (error as InstanceType<typeof OpenAI.InternalServerError>).code]).toEqual([500, 'internal_error']);
  });

  it('raises InternalServerError with status 502 for an upstream 5xx', async () => {
    const error = await client.chat.completions.create({ ...hello, model: 'down' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect([(error as InstanceType<typeof OpenAI.InternalServerError>).status, (error as InstanceType<typeof OpenAI.InternalServerError>).code]).toEqual([502, 'upstream_error']);
  });

  it('raises an APIError carrying the error event of a stream that fails mid-way', async () => {
    const stream = await client.chat.completions.create({ model: 'mid-stream-failure', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const contents: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((thrown: unknown) => thrown);
    expect(contents).toEqual(['Hel']);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toBe('The upstream stream broke off: could not reach failing: other side closed');
  });
});


describe('a request body that arrives too slowly', () => {
  it('is answered with 408 request_timeout and the connection is closed', async () => {
    const slowGateway = await createGateway(
      { model_list: [{ model_name: 'x', litellm_params: { model: 'mock/x' } }], server: { body_timeout: 0.05 } },
      { logger: createLogger({ level: 'silent' }) },
    );
    const slowServer = await slowGateway.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = slowServer.address() as AddressInfo;
      // Headers and half the body, then nothing: the gateway's own timer decides, the test only waits for its answer.
      const answer = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
        const outgoing = httpRequest({ host: '127.0.0.1', port, path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100' } }, (response) => {
          let body = '';
          response.on('data', (data: Buffer) => void (body += data.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }));
        });
        outgoing.on('error', reject);
        outgoing.write('{"model": "x", ');
      });
      expect([answer.status, answer.connection, JSON.parse(answer.body)]).toEqual([
        408,
        'close',
        { error: { message: 'The request body did not arrive within 0.05s.', type: 'timeout_error', param: null, code: 'request_timeout' } },
      ]);
    } finally {
      slowServer.closeAllConnections();
      await new Promise((resolve) => slowServer.close(resolve));
      await slowGateway.close(0);
    }
  });
});
