import { ConfigError, createGateway, type Logger } from '@switchyard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { router } from '../src/index.js';
import { ask, mockDeployment, openStream, serve, stop, type Served } from './gateway-harness.js';

const minute = 60_000;
/** Aborting a stream on purpose is logged by core as a failed request; these tests need no such lines. */
const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('router through a real gateway and the openai client', () => {
  let served: Served | undefined;
  afterEach(async () => {
    if (served !== undefined) await stop(served);
    served = undefined;
  });

  it('never lets a weight-0 deployment answer while another has weight (simple-shuffle)', async () => {
    const gateway = await createGateway({ model_list: [mockDeployment('zero', { weight: 0 }), mockDeployment('heavy', { weight: 1 })], plugins: [router()] });
    served = await serve(gateway);
    const answers = new Set<string | null>();
    for (let index = 0; index < 20; index += 1) answers.add(await ask(served.client));
    expect([...answers]).toEqual(['answered by heavy']);
  });

  it('sends a prompt too long for one deployment to the one whose context window fits (router_settings.enable_pre_call_checks)', async () => {
    const small = mockDeployment('small', {});
    const large = mockDeployment('large', {});
    small.model_info = { id: 'small', max_input_tokens: 50 };
    large.model_info = { id: 'large', max_input_tokens: 5000 };
    const gateway = await createGateway({ model_list: [small, large], router_settings: { enable_pre_call_checks: true }, plugins: [router()] });
    served = await serve(gateway);
    const long = 'word '.repeat(200);
    const answers = new Set<string | null>();
    for (let index = 0; index < 10; index += 1) {
      const completion = await served.client.chat.completions.create({ model: 'house-model', messages: [{ role: 'user', content: long }] });
      answers.add(completion.choices[0]!.message.content);
    }
    expect([...answers]).toEqual(['answered by large']);
    const shortAnswers = new Set<string | null>();
    for (let index = 0; index < 30; index += 1) shortAnswers.add(await ask(served.client));
    expect([...shortAnswers].sort()).toEqual(['answered by large', 'answered by small']);
  });

  it('keeps every request on the lowest order tier', async () => {
    const gateway = await createGateway({
      model_list: [mockDeployment('backup', { order: 2 }), mockDeployment('primary', { order: 1 })],
      plugins: [router({ routing_strategy: 'least-busy' })],
    });
    served = await serve(gateway);
    const answers = new Set<string | null>();
    for (let index = 0; index < 10; index += 1) answers.add(await ask(served.client));
    expect([...answers]).toEqual(['answered by primary']);
  });

  it('sends a request to the idle deployment while a stream holds the other (least-busy)', async () => {
    const slow = { mock_chunk_delay_ms: 60_000 };
    const gateway = await createGateway({ model_list: [mockDeployment('left', slow), mockDeployment('right', slow)], plugins: [router({ routing_strategy: 'least-busy' })] }, { logger: silent });
    served = await serve(gateway);
    const first = await openStream(served.client);
    const second = await openStream(served.client);
    first.abort();
    second.abort();
    expect([first.model, second.model].sort()).toEqual(['left', 'right']);
  });

  it('moves to the next deployment once one reached its rpm, and back in the next minute (usage-based-routing)', async () => {
    let now = 9_000 * minute;
    const gateway = await createGateway(
      { model_list: [mockDeployment('limited', { rpm: 1, order: 1 }), mockDeployment('spare', { order: 2 })], plugins: [router({ routing_strategy: 'usage-based-routing' })] },
      { clock: { now: () => now } },
    );
    served = await serve(gateway);
    const answers = [await ask(served.client), await ask(served.client)];
    now += minute;
    answers.push(await ask(served.client));
    expect(answers).toEqual(['answered by limited', 'answered by spare', 'answered by limited']);
  });

  it('answers 429 with retry-after when every deployment reached its rpm this minute (usage-based-routing)', async () => {
    const now = 9_000 * minute + 45_000;
    const gateway = await createGateway(
      { model_list: [mockDeployment('first', { rpm: 1 }), mockDeployment('second', { rpm: 1 })], plugins: [router({ routing_strategy: 'usage-based-routing' })] },
      { clock: { now: () => now } },
    );
    served = await serve(gateway);
    const answers = [await ask(served.client), await ask(served.client)].sort();
    const refused = await ask(served.client).catch((error: unknown) => error as { status: number; headers: Headers; code: string });
    expect([answers, (refused as { status: number }).status, (refused as { code: string }).code, (refused as { headers: Headers }).headers.get('retry-after')]).toEqual([
      ['answered by first', 'answered by second'],
      429,
      'rate_limit_exceeded',
      '15',
    ]);
  });

  it('settles on the faster deployment once both were measured (latency-based-routing)', async () => {
    // The real clock: latency is measured by core's clock, and the mock's delay is real time.
    const gateway = await createGateway({
      model_list: [mockDeployment('slow', { mock_latency_ms: 40 }), mockDeployment('fast')],
      plugins: [router({ routing_strategy: 'latency-based-routing' })],
    });
    served = await serve(gateway);
    // The first two requests go one to each deployment, since an unmeasured one is tried before any measured one.
    const exploring = [await ask(served.client), await ask(served.client)];
    const settled = [await ask(served.client), await ask(served.client), await ask(served.client)];
    expect([exploring.sort(), settled]).toEqual([
      ['answered by fast', 'answered by slow'],
      ['answered by fast', 'answered by fast', 'answered by fast'],
    ]);
  });

  it('answers from the cheapest deployment, priced in litellm_params (cost-based-routing)', async () => {
    const gateway = await createGateway({
      model_list: [
        mockDeployment('dear', { input_cost_per_token: 0.00003, output_cost_per_token: 0.00006 }),
        mockDeployment('cheap', { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }),
        mockDeployment('unpriced'),
      ],
      plugins: [router({ routing_strategy: 'cost-based-routing' })],
    });
    served = await serve(gateway);
    expect([await ask(served.client), await ask(served.client)]).toEqual(['answered by cheap', 'answered by cheap']);
  });

  it('refuses an unknown option at start-up, naming it', async () => {
    const start = createGateway({ model_list: [mockDeployment('only')], plugins: [router({ routing_strategy: 'round-robin' } as never)] });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toMatchObject({ problems: ['plugins[0] (router).options.routing_strategy: must be one of "simple-shuffle", "least-busy", "usage-based-routing", "usage-based-routing-v2", "latency-based-routing", "cost-based-routing"'] });
  });
});

describe('router_settings the router cannot honour', () => {
  it('stops start-up naming an unknown routing_strategy', async () => {
    const start = createGateway({ model_list: [mockDeployment('only')], router_settings: { routing_strategy: 'round-robin' }, plugins: [router()] }, { logger: silent });
    await expect(start).rejects.toMatchObject({ problems: ['plugin router: apply failed: router_settings.routing_strategy: must be one of simple-shuffle, least-busy, usage-based-routing, usage-based-routing-v2, latency-based-routing, cost-based-routing'] });
  });
});

describe('router with an unreachable Redis', () => {
  it('stops start-up naming the Redis address, without the password', async () => {
    const start = createGateway({ model_list: [mockDeployment('only')], plugins: [router({ routing_strategy: 'least-busy', redis: 'redis://:secret-password@127.0.0.1:1' })] }, { logger: silent });
    await expect(start).rejects.toMatchObject({ problems: ['start-up failed in ready: router: cannot connect to Redis at 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1'] });
  });

  it('never connects to Redis for a strategy that counts nothing', async () => {
    const gateway = await createGateway({ model_list: [mockDeployment('only')], plugins: [router({ routing_strategy: 'cost-based-routing', redis: 'redis://127.0.0.1:1' })] }, { logger: silent });
    const served = await serve(gateway);
    const answer = await ask(served.client);
    await stop(served);
    expect(answer).toBe('answered by only');
  });
});
