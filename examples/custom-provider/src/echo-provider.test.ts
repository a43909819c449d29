import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGateway, createLogger, type Gateway } from '@switchyard/core';
import { openAPIValidator, specsDir, startReplayServer } from '@switchyard/core/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echo } from './echo-provider.mjs';
import { startEchoUpstream } from './echo-upstream.mjs';

const exampleDir = dirname(dirname(fileURLToPath(import.meta.url)));
const configPath = join(exampleDir, 'config.yaml');
const apiKey = 'echo-key-0123456789';
const created = 1735689600;
const quiet = createLogger({ level: 'silent' });

describe('the echo provider loaded from config.yaml', () => {
  let upstream: Awaited<ReturnType<typeof startEchoUpstream>>;
  let gateway: Gateway;
  let server: Server;
  let base: string;
  let client: OpenAI;
  const lastId = () => `echo-${upstream.requests.length}`;

  beforeAll(async () => {
    upstream = await startEchoUpstream({ apiKey, now: () => created * 1000 });
    gateway = await createGateway(configPath, { env: { ECHO_API_BASE: upstream.url, ECHO_API_KEY: apiKey }, logger: quiet });
    server = await gateway.listen({ port: 0 });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused-by-this-gateway', maxRetries: 0 });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await gateway.close(0);
    await upstream.close();
  });

  const post = (body: object) => fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('loads the provider by path and serves the echo/ prefix with it', () => {
    expect(gateway.providers.map((provider) => provider.id)).toEqual(['echo']);
    expect(gateway.deployments.map((deployment) => [deployment.model_name, deployment.provider, deployment.model])).toEqual([
      ['echo', 'echo', 'parrot-1'],
      ['echo-shout', 'echo', 'parrot-1'],
      ['echo-wrong-key', 'echo', 'parrot-1'],
    ]);
  });

  it('answers a chat completion through the echo upstream', async () => {
    const completion = await client.chat.completions.create({
      model: 'echo',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello there' },
      ],
    });
    expect(upstream.requests.at(-1)).toEqual({
      headers: expect.objectContaining({ 'x-echo-key': apiKey, accept: 'application/json', 'content-type': 'application/json' }),
      body: { model: 'parrot-1', turns: [{ from: 'system', parts: ['Be brief.'] }, { from: 'user', parts: ['Hello there'] }], stream: false },
    });
    expect(completion).toEqual({
      id: lastId(),
      object: 'chat.completion',
      created,
      model: 'parrot-1',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
    });
    expect(openAPIValidator(join(specsDir(), 'openai-openapi.yaml')).check('CreateChatCompletionResponse', completion)).toEqual([]);
  });

  it('passes a provider setting from litellm_params (echo_shout)', async () => {
    const completion = await client.chat.completions.create({ model: 'echo-shout', messages: [{ role: 'user', content: 'Hello there' }] });
    expect(upstream.requests.at(-1)?.body.shout).toBe(true);
    expect(completion.choices[0].message.content).toBe('HELLO THERE');
  });

  it('maps max_tokens to the upstream limit and a cut answer to finish_reason length', async () => {
    const completion = await client.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'Hello there' }], max_tokens: 1 });
    expect(upstream.requests.at(-1)?.body.limit).toBe(1);
    expect(completion.choices).toEqual([{ index: 0, message: { role: 'assistant', content: 'Hello ', refusal: null }, finish_reason: 'length', logprobs: null }]);
  });

  it('streams a chat completion through the echo upstream', async () => {
    const stream = await client.chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: 'Hello there' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const head = { id: lastId(), object: 'chat.completion.chunk', created, model: 'parrot-1' };
    expect(chunks).toEqual([
      { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { content: 'Hello ' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { content: 'there' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...head, choices: [], usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 } },
    ]);
  });

  it("maps the upstream's bad_key failure to an OpenAI 401", async () => {
    const response = await post({ model: 'echo-wrong-key', messages: [{ role: 'user', content: 'Hi' }] });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { message: 'echo: the key is not valid', type: 'authentication_error', param: null, code: 'invalid_api_key' } });
  });

  it('reports a failure before the first chunk of a stream with its real status, not a 200', async () => {
    const response = await post({ model: 'echo-wrong-key', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ error: { message: 'echo: the key is not valid', type: 'authentication_error', param: null, code: 'invalid_api_key' } });
  });

  it("maps the upstream's invalid failure to an OpenAI 400", async () => {
    const response = await post({ model: 'echo', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 1000 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: 'echo: limit must be a whole number from 1 to 256', type: 'invalid_request_error', param: null, code: 'invalid_request' },
    });
  });

  it("maps the upstream's overloaded failure to a 503 and keeps its retry-after", async () => {
    upstream.setOverloaded(7);
    try {
      const response = await post({ model: 'echo', messages: [{ role: 'user', content: 'Hi' }] });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(await response.json()).toEqual({
        error: { message: 'echo: too busy, come back later', type: 'service_unavailable_error', param: null, code: 'service_unavailable' },
      });
    } finally {
      upstream.setOverloaded(undefined);
    }
  });

  it('refuses a parameter the echo wire cannot carry, before calling the upstream', async () => {
    const before = upstream.requests.length;
    const response = await post({ model: 'echo', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.2 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: "echo does not support the parameter 'temperature'. Remove it, or set drop_params to drop unsupported parameters.",
        type: 'invalid_request_error',
        param: 'temperature',
        code: 'unsupported_parameter',
      },
    });
    expect(upstream.requests.length).toBe(before);
  });
});

describe('the echo provider against recorded bytes', () => {
  it('reads a stream the same when every byte arrives in its own write', async () => {
    const recorded = [
      ': stream opened',
      '',
      'event: start',
      'data: {"echo_id":"echo-42","model":"parrot-1","created_at":"2025-01-01T00:00:00.000Z"}',
      '',
      'event: token',
      'data: {"text":"Hi"}',
      '',
      'event: end',
      'data: {"stop":"end","tokens":{"input":1,"output":1}}',
      '',
      '',
    ].join('\r\n');
    const replay = await startReplayServer({ headers: { 'content-type': 'text/event-stream' }, body: recorded, split: 1 });
    // A provider object can be listed in code as well as by path.
    const gateway = await createGateway(
      { providers: [echo], model_list: [{ model_name: 'echo', litellm_params: { model: 'echo/parrot-1', api_base: replay.url } }] },
      { logger: quiet },
    );
    try {
      const chunks = [];
      for await (const chunk of await gateway.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'Hi' }], stream: true })) chunks.push(chunk);
      const head = { id: 'echo-42', object: 'chat.completion.chunk', created, model: 'parrot-1' };
      expect(chunks).toEqual([
        { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
        { ...head, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] },
        { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      ]);
      expect(replay.requests.map((request) => [request.method, request.path, JSON.parse(request.body)])).toEqual([
        ['POST', '/v1/echo', { model: 'parrot-1', turns: [{ from: 'user', parts: ['Hi'] }], stream: true }],
      ]);
    } finally {
      await gateway.close(0);
      await replay.close();
    }
  });
});

describe('echo deployments are checked at start-up', () => {
  it('stops boot when a deployment has no api_base or a misspelt setting', async () => {
    const config = {
      providers: [echo],
      model_list: [
        { model_name: 'no-base', litellm_params: { model: 'echo/parrot-1' } },
        { model_name: 'typo', litellm_params: { model: 'echo/parrot-1', api_base: 'http://127.0.0.1:9', echo_shuot: true } },
        // Keys outside the echo_ namespace belong to plugins and other tools, as in LiteLLM configs.
        { model_name: 'priced', litellm_params: { model: 'echo/parrot-1', api_base: 'http://127.0.0.1:9', input_cost_per_token: 1e-6, max_retries: 2 } },
      ],
    };
    await expect(createGateway(config, { logger: quiet })).rejects.toMatchObject({
      name: 'ConfigError',
      problems: [
        'model no-base (echo/parrot-1): litellm_params.api_base is required: the echo upstream has no public address',
        'model typo (echo/parrot-1): litellm_params.echo_shuot is not an echo setting (known: echo_shout)',
      ],
    });
  });
});
