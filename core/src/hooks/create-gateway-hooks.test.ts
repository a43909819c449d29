import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../config/config-types.js';
import { createLogger } from '../log/logger.js';
import type { ChatChunk } from '../openai/chat-types.js';
import { createGateway, type Gateway } from '../pipeline/create-gateway.js';
import { definePlugin, type PluginV1 } from '../plugin/plugin-spec.js';
import { createGatewayHooks, observerHooks } from './create-gateway-hooks.js';
import type { AttemptRecord, GatewayContext, RequestRecord } from './gateway-context.js';
import { Stage } from './stage.js';

const clock = { now: () => 1_000 };
const quiet = createLogger({ level: 'silent' });
const model_list: GatewayConfig['model_list'] = [{ model_name: 'x', litellm_params: { model: 'mock/x', mock_response: 'hello there' } }];
const gateways: Gateway[] = [];

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close(0)));
});

async function start(plugins: PluginV1[]): Promise<Gateway> {
  const gateway = await createGateway({ model_list, plugins }, { logger: quiet, clock });
  gateways.push(gateway);
  return gateway;
}

type Event = [hook: string, ...args: unknown[]];

/** A plugin that taps every hook and records each call with its arguments. */
function recorder(events: Event[]): PluginV1 {
  return definePlugin({
    name: 'recorder',
    core: '^1.0.0',
    apply(hooks) {
      const name = 'recorder';
      hooks.ready.tapPromise(name, async () => void events.push(['ready']));
      hooks.requestReceived.tapPromise(name, async (context) => void events.push(['requestReceived', context]));
      hooks.authenticate.tapPromise(name, async (context) => {
        events.push(['authenticate', context]);
        return undefined;
      });
      hooks.transformRequest.tapPromise(name, async (request, context) => {
        events.push(['transformRequest', structuredClone(request), context]);
        return request;
      });
      hooks.admit.tapPromise(name, async (context) => void events.push(['admit', context]));
      hooks.respondEarly.tapPromise(name, async (context) => {
        events.push(['respondEarly', context]);
        return undefined;
      });
      hooks.selectDeployment.tapPromise(name, async (deployments, context) => {
        events.push(['selectDeployment', [...deployments], context]);
        return deployments;
      });
      hooks.wrapDispatch.tap(name, (dispatch) => {
        events.push(['wrapDispatch']);
        return async (context, deployment) => {
          events.push(['dispatch', context, deployment]);
          return dispatch(context, deployment);
        };
      });
      hooks.attemptFinished.tap(name, (attempt, context) => void events.push(['attemptFinished', attempt, context]));
      hooks.transformResponse.tapPromise(name, async (response, context) => {
        events.push(['transformResponse', response, context]);
        return response;
      });
      hooks.transformChunk.tap(name, (chunk, context) => {
        events.push(['transformChunk', chunk, context]);
        return chunk;
      });
      hooks.requestSucceeded.tap(name, (record) => void events.push(['requestSucceeded', record]));
      hooks.requestFailed.tap(name, (record) => void events.push(['requestFailed', record]));
      hooks.requestFinished.tap(name, (record) => void events.push(['requestFinished', record]));
      hooks.close.tapPromise(name, async () => void events.push(['close']));
    },
  })();
}

const names = (events: Event[]) => events.map(([hook]) => hook);
const argumentsOf = (events: Event[], hook: string) => events.find(([name]) => name === hook)!.slice(1);

describe('hook order', () => {
  it('builds the dispatch chain and runs ready once at start-up', async () => {
    const events: Event[] = [];
    await start([recorder(events)]);
    expect(names(events)).toEqual(['wrapDispatch', 'ready']);
  });

  it('fires every request hook of a JSON request in the documented order', async () => {
    const events: Event[] = [];
    const gateway = await start([recorder(events)]);
    events.length = 0;
    await gateway.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });
    expect(names(events)).toEqual([
      'requestReceived',
      'authenticate',
      'transformRequest',
      'admit',
      'respondEarly',
      'selectDeployment',
      'dispatch',
      'attemptFinished',
      'transformResponse',
      'requestSucceeded',
      'requestFinished',
    ]);
  });

  it('fires transformChunk per chunk and the finishing hooks after the last one for a stream', async () => {
    const events: Event[] = [];
    const gateway = await start([recorder(events)]);
    events.length = 0;
    const stream = await gateway.chat.completions.create({ model: 'x', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    for await (const _chunk of stream) events.push(['client got a chunk']);
    expect(names(events)).toEqual([
      'requestReceived',
      'authenticate',
      'transformRequest',
      'admit',
      'respondEarly',
      'selectDeployment',
      'dispatch',
      'attemptFinished',
      ...Array.from({ length: 4 }, () => ['transformChunk', 'client got a chunk']).flat(),
      'requestSucceeded',
      'requestFinished',
    ]);
  });

  it('fires requestFailed, not requestSucceeded, for a request that fails', async () => {
    const events: Event[] = [];
    const gateway = await start([recorder(events)]);
    events.length = 0;
    await expect(gateway.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ code: 'model_not_found' });
    expect(names(events)).toEqual(['requestReceived', 'authenticate', 'transformRequest', 'requestFailed', 'requestFinished']);
  });

  it('fires only requestFailed and requestFinished for a request that fails validation', async () => {
    const events: Event[] = [];
    const gateway = await start([recorder(events)]);
    events.length = 0;
    await expect(gateway.chat.completions.create({ model: 'x', messages: [] })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(names(events)).toEqual(['requestFailed', 'requestFinished']);
  });

  it('runs close when the gateway closes', async () => {
    const events: Event[] = [];
    const gateway = await start([recorder(events)]);
    events.length = 0;
    await gateway.close(0);
    expect(names(events)).toEqual(['close']);
  });
});

describe('hook arguments', () => {
  async function oneRequest() {
    const events: Event[] = [];
    const gateway = await start([recorder(events)]);
    events.length = 0;
    const response = await gateway.chat.completions.create({ model: 'x', temperature: 0.5, messages: [{ role: 'user', content: 'hi' }] });
    return { events, response, gateway };
  }

  it('passes every request hook the same context, holding the validated request', async () => {
    const { events } = await oneRequest();
    const [context] = argumentsOf(events, 'requestReceived') as [GatewayContext];
    expect({ ...context, id: 'id', signal: 'signal' }).toEqual({
      id: 'id',
      endpoint: 'chat',
      startedAt: 1_000,
      signal: 'signal',
      headers: {},
      request: { model: 'x', temperature: 0.5, messages: [{ role: 'user', content: 'hi' }] },
      stream: false,
      gatewayParams: {},
      principal: undefined,
      deployment: expect.objectContaining({ model_name: 'x' }),
      attempts: [expect.objectContaining({ latencyMs: 0 })],
      usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
      responseHeaders: {},
    });
    for (const hook of ['authenticate', 'admit', 'respondEarly']) expect(argumentsOf(events, hook)[0]).toBe(context);
    for (const hook of ['transformRequest', 'selectDeployment', 'attemptFinished', 'transformResponse']) expect(argumentsOf(events, hook)[1]).toBe(context);
  });

  it('passes transformRequest the request as the client sent it', async () => {
    const { events } = await oneRequest();
    expect(argumentsOf(events, 'transformRequest')[0]).toEqual({ model: 'x', temperature: 0.5, messages: [{ role: 'user', content: 'hi' }] });
  });

  it('passes selectDeployment the deployments of the requested model', async () => {
    const { events, gateway } = await oneRequest();
    expect(argumentsOf(events, 'selectDeployment')[0]).toEqual([gateway.deployments[0]]);
  });

  it('passes the dispatch and attemptFinished the chosen deployment', async () => {
    const { events, gateway } = await oneRequest();
    expect(argumentsOf(events, 'dispatch')[1]).toBe(gateway.deployments[0]);
    expect(argumentsOf(events, 'attemptFinished')[0]).toEqual({ deployment: gateway.deployments[0], startedAt: 1_000, latencyMs: 0 } satisfies AttemptRecord);
  });

  it('passes transformResponse the answer the client then gets', async () => {
    const { events, response } = await oneRequest();
    expect(argumentsOf(events, 'transformResponse')[0]).toBe(response);
  });

  it('passes requestSucceeded and requestFinished one record of the whole request', async () => {
    const { events, response } = await oneRequest();
    const [record] = argumentsOf(events, 'requestFinished') as [RequestRecord];
    expect(argumentsOf(events, 'requestSucceeded')[0]).toBe(record);
    expect(record).toEqual({
      context: argumentsOf(events, 'requestReceived')[0] as GatewayContext,
      status: 200,
      response,
      error: undefined,
      usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
      answeredEarly: false,
      durationMs: 0,
      timeToFirstChunkMs: undefined,
    } satisfies RequestRecord);
  });

  it('passes requestFailed the error and the status the client got', async () => {
    const events: Event[] = [];
    const gateway = await start([recorder(events)]);
    await gateway.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
    const [record] = argumentsOf(events, 'requestFailed') as [RequestRecord];
    expect({ status: record.status, code: record.error?.code, answeredEarly: record.answeredEarly }).toEqual({ status: 404, code: 'model_not_found', answeredEarly: false });
  });

  it('passes transformChunk each chunk and notes the time to the first chunk', async () => {
    const events: Event[] = [];
    const gateway = await start([recorder(events)]);
    const stream = await gateway.chat.completions.create({ model: 'x', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const received: ChatChunk[] = [];
    for await (const chunk of stream) received.push(chunk);
    expect(events.filter(([hook]) => hook === 'transformChunk').map(([, chunk]) => chunk)).toEqual(received);
    const [record] = argumentsOf(events, 'requestFinished') as [RequestRecord];
    expect({ status: record.status, error: record.error, timeToFirstChunkMs: record.timeToFirstChunkMs, response: record.response }).toEqual({
      status: 200,
      error: undefined,
      timeToFirstChunkMs: 0,
      response: undefined,
    });
  });
});

describe('stages', () => {
  it('orders taps in one hook by stage, whatever order the plugins applied in', async () => {
    const order: string[] = [];
    const tapAt = (name: string, stage: number) =>
      definePlugin({ name, core: '^1.0.0', apply: (hooks) => hooks.admit.tapPromise({ name, stage }, async () => void order.push(name)) })();
    const gateway = await start([tapAt('late', Stage.LATE), tapAt('default', Stage.DEFAULT), tapAt('early', Stage.EARLY)]);
    await gateway.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });
    expect(order).toEqual(['early', 'default', 'late']);
  });

  it('puts a wrapDispatch tap with a lower stage nearer the upstream', async () => {
    const order: string[] = [];
    const wrapAt = (name: string, stage: number) =>
      definePlugin({
        name,
        core: '^1.0.0',
        apply: (hooks) =>
          hooks.wrapDispatch.tap({ name, stage }, (dispatch) => async (context, deployment) => {
            order.push(name);
            return dispatch(context, deployment);
          }),
      })();
    const gateway = await start([wrapAt('in-flight-count', Stage.EARLY), wrapAt('retry', Stage.DEFAULT)]);
    await gateway.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });
    expect(order).toEqual(['retry', 'in-flight-count']);
  });
});

describe('createGatewayHooks', () => {
  it('makes a frozen set of hooks', () => {
    const hooks = createGatewayHooks();
    expect(Object.isFrozen(hooks)).toBe(true);
  });

  it('makes new hooks on every call', () => {
    expect(createGatewayHooks().admit).not.toBe(createGatewayHooks().admit);
  });

  it('lists as observers exactly the hooks that only notify', () => {
    expect([...observerHooks]).toEqual(['attemptFinished', 'requestSucceeded', 'requestFailed', 'requestFinished']);
  });

  it('gives two gateways in one process separate hooks, so a tap on one never fires for the other', async () => {
    const finished: string[] = [];
    const counter = definePlugin({ name: 'counter', core: '^1.0.0', apply: (hooks) => hooks.requestFinished.tap('counter', () => void finished.push('first')) });
    const first = await start([counter()]);
    const second = await start([]);
    expect(first.hooks).not.toBe(second.hooks);
    await second.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });
    expect(finished).toEqual([]);
    await first.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] });
    expect(finished).toEqual(['first']);
  });
});
