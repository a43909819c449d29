import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewayError, createGateway, definePlugin, type Gateway, type Logger } from '@switchyard/core';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyQuota } from './key-quota.mjs';

const exampleDir = dirname(dirname(fileURLToPath(import.meta.url)));
const configPath = join(exampleDir, 'config.yaml');
const aliceKey = 'sk-demo-alice-0123456789';
const bobKey = 'sk-demo-bob-0123456789';
const minute = 60_000;

interface LogLine { level: string; message: string; fields?: Record<string, unknown> }

/** A logger that keeps what it is told, so tests can see what the observer reported. */
function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

async function serve(gateway: Gateway): Promise<{ server: Server; base: string }> {
  const server = await gateway.listen({ port: 0 });
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(server: Server, gateway: Gateway): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await gateway.close(0);
}

describe('key-quota loaded from config.yaml, through the HTTP gateway', () => {
  // The gateway's clock. Each test starts 15 s into a fresh minute, so counts never leak from one test to the next.
  let now = 28_333_333 * minute;
  const clock = { now: () => now };
  const logger = recordingLogger();
  let gateway: Gateway;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    gateway = await createGateway(configPath, { clock, logger });
    ({ server, base } = await serve(gateway));
  });
  afterAll(() => stop(server, gateway));
  beforeEach(() => {
    now = now - (now % minute) + minute + 15_000;
    logger.lines.length = 0;
  });

  const chat = (key: string | undefined, body: Record<string, unknown> = {}) =>
    fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
      body: JSON.stringify({ model: 'house-model', messages: [{ role: 'user', content: 'Hello there' }], ...body }),
    });
  const client = (key: string) => new OpenAI({ baseURL: `${base}/v1`, apiKey: key, maxRetries: 0 });

  it('refuses a request without a key with 401', async () => {
    const response = await chat(undefined);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { message: 'Send your API key as "Authorization: Bearer <key>".', type: 'authentication_error', param: null, code: 'invalid_api_key' },
    });
  });

  it('refuses an unknown key with 401', async () => {
    const response = await chat('sk-demo-mallory-0123456789');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { message: 'The API key is not valid.', type: 'authentication_error', param: null, code: 'invalid_api_key' } });
  });

  it('answers a known key, reporting the model name the caller asked for', async () => {
    const completion = await client(aliceKey).chat.completions.create({ model: 'house-model', messages: [{ role: 'user', content: 'Hello there' }] });
    expect([completion.model, completion.choices[0].message.content]).toEqual(['house-model', 'You said: Hello there']);
  });

  it('reports the requested model name in every streamed chunk', async () => {
    const stream = await client(aliceKey).chat.completions.create({ model: 'house-model', messages: [{ role: 'user', content: 'Hello there' }], stream: true });
    const models = [];
    for await (const chunk of stream) models.push(chunk.model);
    expect(models).toEqual(Array(6).fill('house-model'));
  });

  it('refuses the request over the per-minute limit with 429 and retry-after until the next minute', async () => {
    for (let count = 0; count < 3; count++) expect((await chat(aliceKey)).status).toBe(200);
    const refused = await chat(aliceKey);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('45');
    expect(await refused.json()).toEqual({
      error: { message: 'alice has made 3 requests this minute; try again in 45 s.', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' },
    });
    expect((await chat(bobKey)).status).toBe(200);
    now += 45_000;
    expect((await chat(aliceKey)).status).toBe(200);
  });

  it('does not count a request the upstream failed with a 5xx', async () => {
    const failed = await chat(aliceKey, { model: 'house-model-outage' });
    expect(failed.status).toBe(503);
    for (let count = 0; count < 3; count++) expect((await chat(aliceKey)).status).toBe(200);
  });

  it('tells its observer about every request it admitted', async () => {
    await chat(aliceKey);
    await chat(aliceKey, { model: 'house-model-outage' });
    await chat(undefined);
    expect(logger.lines.filter((line) => line.message.startsWith('key-quota'))).toEqual([
      { level: 'debug', message: 'key-quota: request finished', fields: { caller: 'alice', status: 200, used: 1, limit: 3 } },
      { level: 'debug', message: 'key-quota: request finished', fields: { caller: 'alice', status: 503, used: 1, limit: 3 } },
    ]);
  });

  it('reads the key from in-process calls too', async () => {
    const completion = await gateway.chat.completions.create({ model: 'house-model', messages: [{ role: 'user', content: 'Hi' }] }, { headers: { authorization: `Bearer ${bobKey}` } });
    expect(completion.model).toBe('house-model');
    await expect(gateway.chat.completions.create({ model: 'house-model', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
  });
});

describe('key-quota among other plugins', () => {
  it("counts nothing for a request another plugin's admit refused first", async () => {
    // Taps at the default stage run before key-quota's Stage.LATE admit tap.
    const blockTagged = definePlugin({
      name: 'block-tagged',
      core: '^1.0.0',
      apply(hooks) {
        hooks.admit.tapPromise('block-tagged', async (context) => {
          if ((context.request as { user?: string }).user === 'blocked') throw new GatewayError({ code: 'permission_denied', message: 'Blocked.' });
        });
      },
    });
    const gateway = await createGateway(
      {
        model_list: [{ model_name: 'house-model', litellm_params: { model: 'mock/mock-gpt' } }],
        plugins: [{ use: './src/key-quota.mjs', options: { keys: [{ name: 'alice', key: aliceKey }], limit: 1 } }, blockTagged()],
      },
      { baseDir: exampleDir, logger: recordingLogger() },
    );
    const headers = { authorization: `Bearer ${aliceKey}` };
    const ask = (user?: string) => gateway.chat.completions.create({ model: 'house-model', messages: [{ role: 'user', content: 'Hi' }], ...(user ? { user } : {}) }, { headers });
    try {
      await expect(ask('blocked')).rejects.toMatchObject({ status: 403 });
      await expect(ask()).resolves.toMatchObject({ object: 'chat.completion' });
      await expect(ask()).rejects.toMatchObject({ status: 429 });
    } finally {
      await gateway.close(0);
    }
  });
});

describe('key-quota options are checked at start-up', () => {
  it('names each bad option by its path in the YAML', async () => {
    await expect(createGateway(join(exampleDir, 'fixtures', 'bad-options.yaml'))).rejects.toMatchObject({
      name: 'ConfigError',
      problems: [
        'plugins[0] (../src/key-quota.mjs).options.report_modle: is not a known option',
        'plugins[0] (../src/key-quota.mjs).options.keys[0].key: must NOT have fewer than 16 characters',
        'plugins[0] (../src/key-quota.mjs).options.limit: must be >= 1',
      ],
    });
  });

  it('checks options given in code the same way', async () => {
    const config = { model_list: [{ model_name: 'house-model', litellm_params: { model: 'mock/mock-gpt' } }], plugins: [keyQuota({ keys: [], limit: 1, report_model: 'upstream' })] };
    await expect(createGateway(config, { baseDir: exampleDir })).rejects.toMatchObject({
      problems: ['plugins[0] (key-quota).options.keys: must NOT have fewer than 1 items'],
    });
  });

  it('refuses the same key listed twice', async () => {
    const keys = [
      { name: 'alice', key: aliceKey },
      { name: 'bob', key: aliceKey },
    ];
    const config = { model_list: [{ model_name: 'house-model', litellm_params: { model: 'mock/mock-gpt' } }], plugins: [keyQuota({ keys, limit: 1, report_model: 'upstream' })] };
    await expect(createGateway(config, { baseDir: exampleDir })).rejects.toMatchObject({
      problems: ['plugin key-quota: apply failed: keys[1] repeats the key of keys[0]'],
    });
  });
});
