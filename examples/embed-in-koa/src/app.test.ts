import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from './app.mjs';

// The mock provider stamps `created` from Date.now(); only Date is faked, so sockets and timers run as usual.
const now = new Date('2025-01-01T00:00:00Z');
const created = now.getTime() / 1000;

describe('a Koa app with the gateway mounted under /llm', () => {
  let server: Server;
  let gateway: Awaited<ReturnType<typeof createApp>>['gateway'];
  let base: string;
  let client: OpenAI;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], now });
    const created = await createApp();
    gateway = created.gateway;
    server = created.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new OpenAI({ baseURL: `${base}/llm/v1`, apiKey: 'unused-by-this-gateway', maxRetries: 0 });
  });

  afterAll(async () => {
    vi.useRealTimers();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await gateway.close(0);
  });

  it("keeps serving the host app's own routes", async () => {
    const response = await fetch(`${base}/hello`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'Hello from the host app' });
  });

  it('answers a chat completion for the official OpenAI client', async () => {
    const completion = await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Hello there' }] });
    expect(completion).toEqual({
      id: expect.stringMatching(/^chatcmpl-mock-[0-9a-z]+$/),
      object: 'chat.completion',
      created,
      model: 'mock-gpt',
      choices: [{ index: 0, message: { role: 'assistant', content: 'You said: Hello there' }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 },
    });
  });

  it('streams a chat completion to the official OpenAI client', async () => {
    const stream = await client.chat.completions.create({
      model: 'mock-gpt',
      messages: [{ role: 'user', content: 'Hello there' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    const id = chunks[0].id;
    expect(id).toMatch(/^chatcmpl-mock-[0-9a-z]+$/);
    const base = { id, object: 'chat.completion.chunk', created, model: 'mock-gpt' };
    const delta = (value: object, finish_reason: string | null = null) => ({ ...base, choices: [{ index: 0, delta: value, finish_reason }] });
    expect(chunks).toEqual([
      delta({ role: 'assistant', content: '' }),
      delta({ content: 'You ' }),
      delta({ content: 'said: ' }),
      delta({ content: 'Hello ' }),
      delta({ content: 'there' }),
      delta({}, 'stop'),
      { ...base, choices: [], usage: { prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 } },
    ]);
  });

  it('lists the gateway models under the prefix', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models).toEqual([{ id: 'mock-gpt', object: 'model', created, owned_by: 'mock' }]);
  });

  it('refuses a wrong method on a gateway route with 405 and the allowed method', async () => {
    const response = await fetch(`${base}/llm/v1/chat/completions`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('passes paths under the prefix that the gateway does not serve on to the host app', async () => {
    const response = await fetch(`${base}/llm/v1/not-a-route`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Not Found');
  });
});

describe('node src/server.mjs', () => {
  it('listens on PORT, says where, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['src/server.mjs'], {
      cwd: dirname(dirname(fileURLToPath(import.meta.url))),
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const [line] = await new Promise<string[]>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', (first) => resolve([first]));
        child.once('exit', (code) => reject(new Error(`server.mjs exited with ${code} before printing its address`)));
      });
      const match = /^host app on http:\/\/localhost:(\d+) \(GET \/hello\); OpenAI-compatible gateway at http:\/\/localhost:\1\/llm\/v1$/.exec(line);
      expect(match).not.toBeNull();
      const response = await fetch(`http://127.0.0.1:${match![1]}/hello`);
      expect(await response.json()).toEqual({ message: 'Hello from the host app' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
