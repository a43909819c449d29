import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../config/config-types.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayHooks } from '../hooks/create-gateway-hooks.js';
import type { GatewayContext, RequestRecord } from '../hooks/gateway-context.js';
import { createLogger } from '../log/logger.js';
import type { ChatChunk, ChatRequest, ChatResponse } from '../openai/chat-types.js';
import { definePlugin, type JsonSchema, type PluginV1 } from '../plugin/plugin-spec.js';
import { defineProvider } from '../provider/provider-spec.js';
import type { ReadyIterator } from '../sse/ready-iterator.js';
import { createGateway, type Gateway } from './create-gateway.js';

const quiet = createLogger({ level: 'silent' });
const gateways: Gateway[] = [];

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close(0)));
});

const mockModel = (model_name: string, params: Record<string, unknown> = {}) => ({ model_name, litellm_params: { model: `mock/${model_name}`, mock_response: 'hello there', ...params } });

async function start(config: Partial<GatewayConfig> & { plugins?: PluginV1[] }): Promise<Gateway> {
  const gateway = await createGateway({ model_list: [mockModel('x')], ...config }, { logger: quiet, clock: { now: () => 1_000 } });
  gateways.push(gateway);
  return gateway;
}

function plugin(name: string, apply: (hooks: GatewayHooks) => void, extra: { requestParams?: Record<string, JsonSchema> } = {}): PluginV1 {
  return definePlugin({ name, core: '^1.0.0', apply, ...extra })();
}

/** A provider that remembers every request it was given and answers with a fixed text. */
function captureProvider(seen: ChatRequest[]) {
  const answer = (request: ChatRequest): ChatResponse => ({
    id: 'chatcmpl-capture',
    object: 'chat.completion',
    created: 1,
    model: request.model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'captured' }, finish_reason: 'stop' }],
  });
  return defineProvider({
    specificationVersion: 'v1',
    id: 'capture',
    prefixes: ['capture'],
    chat: {
      async complete(request) {
        seen.push(request);
        return answer(request);
      },
      async stream(request) {
        seen.push(request);
        return (async function* () {})();
      },
    },
  });
}

const hello = { model: 'x', messages: [{ role: 'user' as const, content: 'hi' }] };

async function collect(stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const contentOf = (chunks: ChatChunk[]) => chunks.map((chunk) => chunk.choices[0]?.delta.content ?? null);

describe('authenticate', () => {
  it('puts the principal a tap returns on the context', async () => {
    let seen: GatewayContext['principal'];
    const auth = plugin('auth', (hooks) => {
      hooks.authenticate.tapPromise('auth', async () => ({ id: 'key-1', name: 'ci', attributes: { team: 'blue' } }));
      hooks.admit.tapPromise('auth', async (context) => void (seen = context.principal));
    });
    const gateway = await start({ plugins: [auth] });
    await gateway.chat.completions.create(hello);
    expect(seen).toEqual({ id: 'key-1', name: 'ci', attributes: { team: 'blue' } });
  });

  it('takes the principal of the first tap that returns one and asks no later tap', async () => {
    const asked: string[] = [];
    let seen: GatewayContext['principal'];
    const auth = plugin('auth', (hooks) => {
      hooks.authenticate.tapPromise('none', async () => void asked.push('none'));
      hooks.authenticate.tapPromise('first', async () => {
        asked.push('first');
        return { id: 'first' };
      });
      hooks.authenticate.tapPromise('second', async () => {
        asked.push('second');
        return { id: 'second' };
      });
      hooks.requestFinished.tap('auth', (record) => void (seen = record.context.principal));
    });
    const gateway = await start({ plugins: [auth] });
    await gateway.chat.completions.create(hello);
    expect([asked, seen]).toEqual([['none', 'first'], { id: 'first' }]);
  });

  it('leaves the request anonymous when no tap recognises the caller', async () => {
    let record: RequestRecord | undefined;
    const auth = plugin('auth', (hooks) => {
      hooks.authenticate.tapPromise('auth', async () => undefined);
      hooks.requestFinished.tap('auth', (finished) => void (record = finished));
    });
    const gateway = await start({ plugins: [auth] });
    await gateway.chat.completions.create(hello);
    expect(record?.context.principal).toBeUndefined();
  });

  it('passes the headers of an in-process call to authenticate', async () => {
    let authorization: unknown;
    const auth = plugin('auth', (hooks) => hooks.authenticate.tapPromise('auth', async (context) => void (authorization = context.headers.authorization)));
    const gateway = await start({ plugins: [auth] });
    await gateway.chat.completions.create(hello, { headers: { authorization: 'Bearer sk-test' } });
    expect(authorization).toBe('Bearer sk-test');
  });
});

describe('transformRequest', () => {
  it('lets a tap rename the model before the lookup', async () => {
    const alias = plugin('alias', (hooks) => hooks.transformRequest.tapPromise('alias', async (request) => ({ ...request, model: 'y' })));
    const gateway = await start({ model_list: [mockModel('x'), mockModel('y', { mock_response: 'from y' })], plugins: [alias] });
    const response = await gateway.chat.completions.create(hello);
    expect(response.choices[0].message.content).toBe('from y');
  });
});

describe('model lookup', () => {
  it('answers an unknown model with 404 model_not_found', async () => {
    const gateway = await start({});
    const error = await gateway.chat.completions.create({ ...hello, model: 'gpt-9' }).catch((thrown: unknown) => thrown);
    expect((error as GatewayError).toOpenAIError()).toStrictEqual({
      error: { message: "The model 'gpt-9' does not exist on this gateway. GET /v1/models lists the models it serves.", type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
    });
  });

  it('serves a wildcard model name with the matched text as the upstream model', async () => {
    const gateway = await start({ model_list: [{ model_name: 'mock-*', litellm_params: { model: 'mock/*', mock_response: 'wild' } }] });
    const response = await gateway.chat.completions.create({ ...hello, model: 'mock-gpt-5' });
    expect([response.model, response.choices[0].message.content]).toEqual(['gpt-5', 'wild']);
  });
});

describe('respondEarly', () => {
  const cached: ChatResponse = {
    id: 'chatcmpl-cached',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'x',
    choices: [{ index: 0, message: { role: 'assistant', content: 'from cache' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  };
  // A deployment that fails every call, so any upstream call would show.
  const failing = [mockModel('x', { mock_error: { status: 500, message: 'the provider was called' } })];

  function cache(records: RequestRecord[]) {
    return plugin('cache', (hooks) => {
      hooks.respondEarly.tapPromise('cache', async () => structuredClone(cached));
      hooks.requestFinished.tap('cache', (record) => void records.push(record));
    });
  }

  it('answers a JSON request without calling the provider', async () => {
    const records: RequestRecord[] = [];
    const gateway = await start({ model_list: failing, plugins: [cache(records)] });
    expect(await gateway.chat.completions.create(hello)).toEqual(cached);
    expect([records[0].answeredEarly, records[0].context.attempts, records[0].usage]).toEqual([true, [], cached.usage]);
  });

  it('answers a streamed request with the response as chunks, without calling the provider', async () => {
    const records: RequestRecord[] = [];
    const gateway = await start({ model_list: failing, plugins: [cache(records)] });
    const chunks = await collect(await gateway.chat.completions.create({ ...hello, stream: true }));
    const base = { id: 'chatcmpl-cached', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'x', system_fingerprint: undefined };
    expect(chunks).toEqual([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'from cache' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ]);
    expect([records[0].answeredEarly, records[0].context.attempts]).toEqual([true, []]);
  });

  it('adds a usage chunk to an early stream when the client asked for usage', async () => {
    const gateway = await start({ model_list: failing, plugins: [cache([])] });
    const chunks = await collect(await gateway.chat.completions.create({ ...hello, stream: true, stream_options: { include_usage: true } }));
    expect(chunks.map((chunk) => [chunk.choices.length, chunk.usage])).toEqual([
      [1, undefined],
      [1, undefined],
      [0, { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }],
    ]);
  });

  it('carries tool calls of an early answer as indexed deltas', async () => {
    const withTool: ChatResponse = {
      ...cached,
      choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'tool_calls' }],
    };
    const tools = plugin('cache', (hooks) => hooks.respondEarly.tapPromise('cache', async () => structuredClone(withTool)));
    const gateway = await start({ model_list: failing, plugins: [tools] });
    const chunks = await collect(await gateway.chat.completions.create({ ...hello, stream: true }));
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] });
  });
});

describe('selectDeployment', () => {
  const twoDeployments = [mockModel('x', { mock_response: 'first' }), { model_name: 'x', litellm_params: { model: 'mock/second', mock_response: 'second' } }];

  it('calls the first deployment when no tap reorders', async () => {
    const gateway = await start({ model_list: twoDeployments });
    expect((await gateway.chat.completions.create(hello)).choices[0].message.content).toBe('first');
  });

  it('calls the deployment a tap puts first', async () => {
    const router = plugin('router', (hooks) => hooks.selectDeployment.tapPromise('router', async (deployments) => [...deployments].reverse()));
    const gateway = await start({ model_list: twoDeployments, plugins: [router] });
    expect((await gateway.chat.completions.create(hello)).choices[0].message.content).toBe('second');
  });

  it('answers 503 service_unavailable when a tap leaves no deployment', async () => {
    const router = plugin('router', (hooks) => hooks.selectDeployment.tapPromise('router', async () => []));
    const gateway = await start({ plugins: [router] });
    const error = await gateway.chat.completions.create(hello).catch((thrown: unknown) => thrown);
    expect((error as GatewayError).toOpenAIError()).toStrictEqual({
      error: { message: "No deployment of 'x' is available right now.", type: 'service_unavailable_error', param: null, code: 'service_unavailable' },
    });
  });
});

describe('transformChunk and transformResponse', () => {
  it('sends the chunks a transformChunk tap returns', async () => {
    const shout = plugin('shout', (hooks) =>
      hooks.transformChunk.tap('shout', (chunk) => ({
        ...chunk,
        choices: chunk.choices.map((choice) => ({ ...choice, delta: { ...choice.delta, ...(choice.delta.content ? { content: choice.delta.content.toUpperCase() } : {}) } })),
      })),
    );
    const gateway = await start({ plugins: [shout] });
    const chunks = await collect(await gateway.chat.completions.create({ ...hello, stream: true }));
    expect(contentOf(chunks)).toEqual(['', 'HELLO ', 'THERE', null]);
  });

  it('sends the response a transformResponse tap returns', async () => {
    const tag = plugin('tag', (hooks) => hooks.transformResponse.tapPromise('tag', async (response) => ({ ...response, tagged: true })));
    const gateway = await start({ plugins: [tag] });
    expect(await gateway.chat.completions.create(hello)).toMatchObject({ object: 'chat.completion', tagged: true });
  });

  it('ends a stream with the error when a transformChunk tap throws mid-stream', async () => {
    const broken = plugin('broken', (hooks) =>
      hooks.transformChunk.tap('broken', (chunk) => {
        if (chunk.choices[0]?.delta.content === 'there') throw new Error('bad chunk');
        return chunk;
      }),
    );
    const gateway = await start({ plugins: [broken] });
    const received: ChatChunk[] = [];
    const error = await (async () => {
      for await (const chunk of await gateway.chat.completions.create({ ...hello, stream: true })) received.push(chunk);
    })().catch((thrown: unknown) => thrown);
    expect(contentOf(received)).toEqual(['', 'hello ']);
    expect(error).toMatchObject({ code: 'plugin_error', plugin: 'broken', hook: 'transformChunk' });
  });

  it('records a stream the caller stopped reading as failed with client_closed', async () => {
    const records: RequestRecord[] = [];
    const observer = plugin('observer', (hooks) => hooks.requestFinished.tap('observer', (record) => void records.push(record)));
    const gateway = await start({ plugins: [observer] });
    for await (const _chunk of await gateway.chat.completions.create({ ...hello, stream: true })) break;
    expect([records.length, records[0].status, records[0].error?.code]).toEqual([1, 200, 'client_closed']);
  });
});

describe('plugin requestParams', () => {
  const fallbacks = () =>
    plugin('fallback', () => undefined, { requestParams: { fallbacks: { type: 'array', items: { type: 'string' } } } });

  it('takes a declared param out of the request before the provider sees it', async () => {
    const seen: ChatRequest[] = [];
    const gateway = await createGateway(
      { model_list: [{ model_name: 'x', litellm_params: { model: 'capture/x' } }], providers: [captureProvider(seen)], plugins: [fallbacks()] },
      { logger: quiet },
    );
    gateways.push(gateway);
    await gateway.chat.completions.create({ ...hello, fallbacks: ['y'] });
    expect(seen).toEqual([{ model: 'x', messages: [{ role: 'user', content: 'hi' }] }]);
  });

  it('puts a declared param on context.gatewayParams', async () => {
    let params: unknown;
    const reader = plugin('reader', (hooks) => hooks.admit.tapPromise('reader', async (context) => void (params = context.gatewayParams)));
    const gateway = await start({ plugins: [fallbacks(), reader] });
    await gateway.chat.completions.create({ ...hello, fallbacks: ['y', 'z'] });
    expect(params).toEqual({ fallbacks: ['y', 'z'] });
  });

  it('answers a declared param of the wrong type with 400 invalid_request naming it', async () => {
    const gateway = await start({ plugins: [fallbacks()] });
    const error = await gateway.chat.completions.create({ ...hello, fallbacks: 'y' }).catch((thrown: unknown) => thrown);
    expect((error as GatewayError).toOpenAIError()).toStrictEqual({
      error: { message: "Invalid value for 'fallbacks': must be array.", type: 'invalid_request_error', param: 'fallbacks', code: 'invalid_request' },
    });
  });
});

describe('requests in flight', () => {
  it('counts a stream as in flight until it ends', async () => {
    const gateway = await start({});
    const stream = await gateway.chat.completions.create({ ...hello, stream: true });
    expect(gateway.pipeline.requestsInFlight).toBe(1);
    await collect(stream);
    expect(gateway.pipeline.requestsInFlight).toBe(0);
  });

  it('refuses new requests with 503 once the gateway is closing', async () => {
    const gateway = await start({});
    void gateway.close(0);
    await expect(gateway.chat.completions.create(hello)).rejects.toMatchObject({ status: 503, code: 'service_unavailable' });
  });
});

describe("a stream's usage for observers", () => {
  const watcher = (records: RequestRecord[]) => plugin('watcher', (hooks) => hooks.requestSucceeded.tap('watcher', (record) => void records.push(record)));

  it('asks the provider for usage when an observer is tapped, and keeps the usage chunk from a client that did not ask', async () => {
    const records: RequestRecord[] = [];
    const gateway = await start({ plugins: [watcher(records)] });
    const chunks = await collect(await gateway.chat.completions.create({ ...hello, stream: true }));
    expect(chunks.every((chunk) => chunk.choices.length === 1 && chunk.usage === undefined)).toBe(true);
    expect(contentOf(chunks).join('')).toBe('hello there');
    expect(records[0]!.usage).toMatchObject({ completion_tokens: expect.any(Number), total_tokens: expect.any(Number) });
  });

  it('still sends the usage chunk to a client that asked for it', async () => {
    const records: RequestRecord[] = [];
    const gateway = await start({ plugins: [watcher(records)] });
    const chunks = await collect(await gateway.chat.completions.create({ ...hello, stream: true, stream_options: { include_usage: true } }));
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage).toStrictEqual(records[0]!.usage);
  });

  it('leaves the upstream request alone when nothing observes usage', async () => {
    const seen: ChatRequest[] = [];
    const observed: ChatRequest[] = [];
    const bare = await start({ model_list: [{ model_name: 'x', litellm_params: { model: 'capture/m' } }], providers: [captureProvider(seen)] });
    await collect(await bare.chat.completions.create({ ...hello, stream: true }));
    const watched = await start({ model_list: [{ model_name: 'x', litellm_params: { model: 'capture/m' } }], providers: [captureProvider(observed)], plugins: [watcher([])] });
    await collect(await watched.chat.completions.create({ ...hello, stream: true }));
    expect([seen[0]!.stream_options, observed[0]!.stream_options]).toEqual([undefined, { include_usage: true }]);
  });
});

describe('chunks a stream already holds', () => {
  /** A provider whose stream holds all its chunks at once and hands them over through `nextReady`, counting awaits. */
  function readyProvider(counts: { next: number; ready: number }) {
    const chunk = (content: string | null, finish: 'stop' | null = null): ChatChunk => ({
      id: 'chatcmpl-ready',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'ready',
      choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
    });
    return defineProvider({
      specificationVersion: 'v1',
      id: 'ready',
      prefixes: ['ready'],
      chat: {
        async complete() {
          throw new Error('not used');
        },
        async stream() {
          const queue = [chunk('one'), chunk('two'), chunk('three'), chunk(null, 'stop')];
          const iterator: ReadyIterator<ChatChunk> = {
            [Symbol.asyncIterator]: () => iterator,
            nextReady() {
              if (queue.length === 0) return undefined;
              counts.ready++;
              return { done: false, value: queue.shift()! };
            },
            async next() {
              counts.next++;
              return iterator.nextReady() ?? { done: true, value: undefined };
            },
          };
          return iterator;
        },
      },
    });
  }

  it('hands them on without awaiting the provider for each', async () => {
    const counts = { next: 0, ready: 0 };
    const gateway = await start({ model_list: [{ model_name: 'x', litellm_params: { model: 'ready/x' } }], providers: [readyProvider(counts)] });
    const chunks = await collect(await gateway.chat.completions.create({ ...hello, stream: true }));
    expect(contentOf(chunks)).toEqual(['one', 'two', 'three', null]);
    // core awaits the first chunk and the end; the three in between are taken as they are.
    expect(counts).toEqual({ next: 2, ready: 4 });
  });

  it('ends the stream with the error when a transformChunk tap throws on one of them, after the chunks before it', async () => {
    const records: RequestRecord[] = [];
    const broken = plugin('broken', (hooks) => {
      hooks.transformChunk.tap('broken', (chunk) => {
        if (chunk.choices[0]?.delta.content === 'three') throw new Error('bad chunk');
        return chunk;
      });
      hooks.requestFinished.tap('broken', (record) => void records.push(record));
    });
    const gateway = await start({ model_list: [{ model_name: 'x', litellm_params: { model: 'ready/x' } }], providers: [readyProvider({ next: 0, ready: 0 })], plugins: [broken] });
    const received: ChatChunk[] = [];
    const error = await (async () => {
      for await (const chunk of await gateway.chat.completions.create({ ...hello, stream: true })) received.push(chunk);
    })().catch((thrown: unknown) => thrown);
    expect(contentOf(received)).toEqual(['one', 'two']);
    expect(error).toMatchObject({ code: 'plugin_error', plugin: 'broken', hook: 'transformChunk' });
    expect([records.length, records[0].status, records[0].error?.code]).toEqual([1, 200, 'plugin_error']);
  });
});
