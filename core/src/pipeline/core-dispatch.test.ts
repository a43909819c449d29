import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GatewayConfig } from '../config/config-types.js';
import type { GatewayError } from '../errors/gateway-error.js';
import type { GatewayHooks } from '../hooks/create-gateway-hooks.js';
import type { AttemptRecord, RequestRecord } from '../hooks/gateway-context.js';
import { createLogger } from '../log/logger.js';
import type { ChatChunk, ChatRequest, ChatResponse } from '../openai/chat-types.js';
import { definePlugin, type PluginRuntime, type PluginV1 } from '../plugin/plugin-spec.js';
import { defineProvider, type ProviderCall } from '../provider/provider-spec.js';
import { createGateway, type Gateway } from './create-gateway.js';

const quiet = createLogger({ level: 'silent' });
const gateways: Gateway[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close(0)));
});

async function start(config: GatewayConfig, clock: { now(): number } = { now: () => 1_000 }): Promise<Gateway> {
  const gateway = await createGateway(config, { logger: quiet, clock });
  gateways.push(gateway);
  return gateway;
}

const hello = { model: 'x', messages: [{ role: 'user' as const, content: 'hi' }] };

function answer(request: ChatRequest, content = 'ok'): ChatResponse {
  return { id: 'chatcmpl-test', object: 'chat.completion', created: 1, model: request.model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] };
}

function chunk(content: string): ChatChunk {
  return { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] };
}

/** A provider for these tests: it records each call and does what `behave` says. */
function testProvider(
  behave: {
    complete?: (request: ChatRequest, call: ProviderCall) => Promise<ChatResponse>;
    stream?: (request: ChatRequest, call: ProviderCall) => Promise<AsyncIterable<ChatChunk>>;
    supportedParams?: ReadonlySet<string>;
  },
  calls: Array<{ request: ChatRequest; call: ProviderCall }> = [],
) {
  return defineProvider({
    specificationVersion: 'v1',
    id: 'test',
    prefixes: ['test'],
    supportedParams: behave.supportedParams ? () => behave.supportedParams : undefined,
    chat: {
      async complete(request, call) {
        calls.push({ request, call });
        return behave.complete ? behave.complete(request, call) : answer(request);
      },
      async stream(request, call) {
        calls.push({ request, call });
        if (behave.stream) return behave.stream(request, call);
        return (async function* () {
          yield chunk('a');
        })();
      },
    },
  });
}

/** Rejects when the call's signal aborts, and never otherwise: an upstream that does not answer. */
function untilAborted(call: ProviderCall): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (call.signal.aborted) reject(call.signal.reason);
    call.signal.addEventListener('abort', () => reject(call.signal.reason), { once: true });
  });
}

describe('the request a provider gets', () => {
  it('gets the upstream model id and the deployment request defaults under the request', async () => {
    const calls: Array<{ request: ChatRequest; call: ProviderCall }> = [];
    const gateway = await start({
      model_list: [{ model_name: 'x', litellm_params: { model: 'test/upstream-id', temperature: 0.1, max_tokens: 100 } }],
      providers: [testProvider({}, calls)],
    });
    await gateway.chat.completions.create({ ...hello, temperature: 0.9 });
    expect(calls[0].request).toEqual({ model: 'upstream-id', temperature: 0.9, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
  });

  it('gets the deployment, the request id and an unaborted signal', async () => {
    const calls: Array<{ request: ChatRequest; call: ProviderCall }> = [];
    const gateway = await start({ model_list: [{ model_name: 'x', litellm_params: { model: 'test/m' } }], providers: [testProvider({}, calls)] });
    await gateway.chat.completions.create(hello);
    expect([calls[0].call.deployment, calls[0].call.signal.aborted, calls[0].call.requestId]).toEqual([gateway.deployments[0], false, expect.stringMatching(/^[0-9a-f-]{36}$/)]);
  });

  it('answers a param the provider does not support with 400 unsupported_parameter naming it', async () => {
    const gateway = await start({
      model_list: [{ model_name: 'x', litellm_params: { model: 'test/m' } }],
      providers: [testProvider({ supportedParams: new Set(['temperature']) })],
    });
    const error = await gateway.chat.completions.create({ ...hello, temperature: 1, logprobs: true }).catch((thrown: unknown) => thrown);
    expect((error as GatewayError).toOpenAIError()).toStrictEqual({
      error: {
        message: "test does not support the parameter 'logprobs'. Remove it, or set drop_params to drop unsupported parameters.",
        type: 'invalid_request_error',
        param: 'logprobs',
        code: 'unsupported_parameter',
      },
    });
  });

  it('drops an unsupported param when the deployment sets drop_params', async () => {
    const calls: Array<{ request: ChatRequest; call: ProviderCall }> = [];
    const gateway = await start({
      model_list: [{ model_name: 'x', litellm_params: { model: 'test/m', drop_params: true } }],
      providers: [testProvider({ supportedParams: new Set(['temperature']) }, calls)],
    });
    await gateway.chat.completions.create({ ...hello, temperature: 1, logprobs: true });
    expect(calls[0].request).toEqual({ model: 'm', temperature: 1, messages: [{ role: 'user', content: 'hi' }] });
  });

  it('drops an unsupported param when litellm_settings.drop_params is set', async () => {
    const calls: Array<{ request: ChatRequest; call: ProviderCall }> = [];
    const gateway = await start({
      model_list: [{ model_name: 'x', litellm_params: { model: 'test/m' } }],
      providers: [testProvider({ supportedParams: new Set([]) }, calls)],
      litellm_settings: { drop_params: true },
    });
    await gateway.chat.completions.create({ ...hello, seed: 3 });
    expect(calls[0].request).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  });

  it("refuses a message's name unless the provider lists message.name, and drops it with drop_params", async () => {
    const named: ChatRequest['messages'] = [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hi', name: 'alice' },
    ];
    const refusing = await start({ model_list: [{ model_name: 'x', litellm_params: { model: 'test/m' } }], providers: [testProvider({ supportedParams: new Set([]) })] });
    await expect(refusing.chat.completions.create({ model: 'x', messages: named })).rejects.toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'messages[1].name' });

    const calls: Array<{ request: ChatRequest; call: ProviderCall }> = [];
    const dropping = await start({ model_list: [{ model_name: 'x', litellm_params: { model: 'test/m', drop_params: true } }], providers: [testProvider({ supportedParams: new Set([]) }, calls)] });
    await dropping.chat.completions.create({ model: 'x', messages: named });
    expect(calls[0].request.messages).toStrictEqual([{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }]);
    expect(named[1]).toStrictEqual({ role: 'user', content: 'hi', name: 'alice' });

    const carrying: Array<{ request: ChatRequest; call: ProviderCall }> = [];
    const keeping = await start({ model_list: [{ model_name: 'x', litellm_params: { model: 'test/m' } }], providers: [testProvider({ supportedParams: new Set(['message.name']) }, carrying)] });
    await keeping.chat.completions.create({ model: 'x', messages: named });
    expect(carrying[0].request.messages[1]).toStrictEqual({ role: 'user', content: 'hi', name: 'alice' });
  });

  it('answers embeddings on a provider without them with 400 naming the model', async () => {
    const gateway = await start({ model_list: [{ model_name: 'x', litellm_params: { model: 'test/m' } }], providers: [testProvider({})] });
    await expect(gateway.embeddings.create({ model: 'x', input: 'a' })).rejects.toMatchObject({ status: 400, code: 'invalid_request', param: 'model' });
  });
});

describe('timeouts', () => {
  it('answers 504 upstream_timeout when the provider does not answer within litellm_params.timeout', async () => {
    const gateway = await start({
      model_list: [{ model_name: 'x', litellm_params: { model: 'test/m', timeout: 5 } }],
      providers: [testProvider({ complete: (_request, call) => untilAborted(call) })],
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = gateway.chat.completions.create(hello).catch((thrown: unknown) => thrown);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(((await pending) as GatewayError).toOpenAIError()).toStrictEqual({
      error: { message: 'test did not answer within 5s', type: 'timeout_error', param: null, code: 'upstream_timeout' },
    });
  });

  it('waits for litellm_settings.request_timeout when the deployment sets none', async () => {
    let aborted = false;
    const gateway = await start({
      model_list: [{ model_name: 'x', litellm_params: { model: 'test/m' } }],
      providers: [
        testProvider({
          complete: (_request, call) => {
            call.signal.addEventListener('abort', () => void (aborted = true));
            return untilAborted(call);
          },
        }),
      ],
      litellm_settings: { request_timeout: 20 },
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = gateway.chat.completions.create(hello).catch((thrown: unknown) => thrown);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({ code: 'upstream_timeout', status: 504 });
  });

  it('ends a stream that stalls between chunks for longer than the stream timeout with upstream_timeout', async () => {
    const gateway = await start(
      {
        model_list: [{ model_name: 'x', litellm_params: { model: 'test/m', stream_timeout: 2 } }],
        providers: [
          testProvider({
            stream: async (_request, call) =>
              (async function* () {
                yield chunk('first');
                await untilAborted(call);
              })(),
          }),
        ],
      },
      // The idle check compares clock readings, so this test's clock moves with the fake timers.
      { now: () => Date.now() },
    );
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const stream = await gateway.chat.completions.create({ ...hello, stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(chunk('first'));
    const next = iterator.next().catch((thrown: unknown) => thrown);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await next).toMatchObject({ code: 'upstream_timeout', message: 'test did not answer within 2s' });
  });
});

describe('aborts', () => {
  it('aborts the provider call when the caller aborts', async () => {
    let providerSignal: AbortSignal | undefined;
    let markCalled!: () => void;
    const called = new Promise<void>((resolve) => (markCalled = resolve));
    const gateway = await start({
      model_list: [{ model_name: 'x', litellm_params: { model: 'test/m' } }],
      providers: [
        testProvider({
          complete: (_request, call) => {
            providerSignal = call.signal;
            markCalled();
            return untilAborted(call);
          },
        }),
      ],
    });
    const controller = new AbortController();
    const pending = gateway.chat.completions.create(hello, { signal: controller.signal }).catch((thrown: unknown) => thrown);
    await called;
    controller.abort(new Error('caller gave up'));
    await pending;
    expect(providerSignal?.aborted).toBe(true);
  });

  it('rejects a call the caller aborted with client_closed, not an internal error', async () => {
    let markCalled!: () => void;
    const called = new Promise<void>((resolve) => (markCalled = resolve));
    const gateway = await start({
      model_list: [{ model_name: 'x', litellm_params: { model: 'test/m' } }],
      providers: [
        testProvider({
          complete: (_request, call) => {
            markCalled();
            return untilAborted(call);
          },
        }),
      ],
    });
    const controller = new AbortController();
    const pending = gateway.chat.completions.create(hello, { signal: controller.signal }).catch((thrown: unknown) => thrown);
    await called;
    controller.abort();
    expect(await pending).toMatchObject({ code: 'client_closed', status: 499, message: 'The caller cancelled the request.' });
  });
});

describe('wrapDispatch and runtime.selectDeployment', () => {
  function retryOnce(records: RequestRecord[]): PluginV1 {
    return definePlugin({
      name: 'retry',
      core: '^1.0.0',
      apply(hooks: GatewayHooks, _options, runtime: PluginRuntime) {
        hooks.wrapDispatch.tap('retry', (dispatch) => async (context, deployment) => {
          try {
            return await dispatch(context, deployment);
          } catch (error) {
            const other = await runtime.selectDeployment(context, { exclude: new Set([deployment.id]) });
            if (other === undefined) throw error;
            return dispatch(context, other);
          }
        });
        hooks.requestFinished.tap('retry', (record) => void records.push(record));
      },
    })();
  }

  const failingThenWorking: GatewayConfig['model_list'] = [
    { model_name: 'x', litellm_params: { model: 'mock/broken', mock_error: { status: 500, message: 'upstream exploded' } } },
    { model_name: 'x', litellm_params: { model: 'mock/healthy', mock_response: 'from the healthy one' } },
  ];

  it('lets a wrapper retry a failed call on another deployment', async () => {
    const gateway = await start({ model_list: failingThenWorking, plugins: [retryOnce([])] });
    const response = await gateway.chat.completions.create(hello);
    expect([response.model, response.choices[0].message.content]).toEqual(['healthy', 'from the healthy one']);
  });

  it('records every attempt, the failed one with its error', async () => {
    const records: RequestRecord[] = [];
    const gateway = await start({ model_list: failingThenWorking, plugins: [retryOnce(records)] });
    await gateway.chat.completions.create(hello);
    const attempts = records[0].context.attempts.map((attempt: AttemptRecord) => ({ deployment: attempt.deployment.model, error: attempt.error?.message, latencyMs: attempt.latencyMs }));
    expect(attempts).toEqual([
      { deployment: 'broken', error: 'upstream exploded', latencyMs: 0 },
      { deployment: 'healthy', error: undefined, latencyMs: 0 },
    ]);
    expect(records[0].context.deployment?.model).toBe('healthy');
  });

  it('runs selectDeployment taps again for the retry', async () => {
    const lists: string[][] = [];
    const watcher = definePlugin({
      name: 'watcher',
      core: '^1.0.0',
      apply: (hooks) =>
        hooks.selectDeployment.tapPromise('watcher', async (deployments) => {
          lists.push(deployments.map((deployment) => deployment.model));
          return deployments;
        }),
    })();
    const gateway = await start({ model_list: failingThenWorking, plugins: [retryOnce([]), watcher] });
    await gateway.chat.completions.create(hello);
    expect(lists).toEqual([['broken', 'healthy'], ['healthy']]);
  });

  it('sends the last error when every deployment failed', async () => {
    const gateway = await start({ model_list: [failingThenWorking[0]], plugins: [retryOnce([])] });
    await expect(gateway.chat.completions.create(hello)).rejects.toMatchObject({ status: 500, message: 'upstream exploded' });
  });

  it('lets a wrapper retry a stream that failed before its first chunk', async () => {
    const gateway = await start({ model_list: failingThenWorking, plugins: [retryOnce([])] });
    const chunks: ChatChunk[] = [];
    for await (const item of await gateway.chat.completions.create({ ...hello, stream: true })) chunks.push(item);
    expect(chunks.map((item) => item.choices[0]?.delta.content ?? null).join('')).toBe('from the healthy one');
  });
});
