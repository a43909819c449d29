import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, createLogger, defineProvider, type ChatChunk, type ChatResponse, type Gateway } from '@switchyard/core';
import { startReplayServer, type ReplayResponse, type ReplayServer } from '@switchyard/core/testing';

/** Calls `api_base` with the deployment's key as a bearer token, as OpenAI-style providers do, and logs what it calls. */
const keyedProvider = defineProvider({
  specificationVersion: 'v1',
  id: 'keyed',
  prefixes: ['keyed'],
  chat: {
    async complete(_request, call) {
      call.logger.debug('calling upstream', { deployment: call.deployment });
      const headers = { authorization: `Bearer ${call.deployment.api_key!.reveal()}` };
      return (await call.http.postJson<ChatResponse>(`${call.deployment.api_base}/v1/chat/completions`, { signal: call.signal, headers, body: {} })).body;
    },
    async stream(_request, call) {
      const headers = { authorization: `Bearer ${call.deployment.api_key!.reveal()}` };
      const upstream = await call.http.postStream(`${call.deployment.api_base}/v1/chat/completions`, { framing: 'sse', signal: call.signal, headers, body: {} });
      return (async function* (): AsyncGenerator<ChatChunk> {
        for await (const event of upstream.events) if (event.data !== '[DONE]') yield JSON.parse(event.data) as ChatChunk;
      })();
    },
  },
});

// One key shaped like OpenAI's, which the scrubber would also catch by its shape, and one (Azure-style hex) it knows
// only because the config holds it.
const keys = [
  ['an sk- key', 'sk-test-Zq8yXv3LmN0pQr7sT1uVw4xY6zA2bC5dE9fG'],
  ['a hex key', '3f9a0c1e5b7d2f4a6c8e0b1d3f5a7c9e'],
] as const;

let replay: ReplayServer | undefined;
let gateway: Gateway | undefined;
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server!.close(resolve));
  await gateway?.close(0);
  await replay?.close();
  [server, gateway, replay] = [undefined, undefined, undefined];
});

interface Exchange {
  status: number;
  headers: string;
  body: string;
  logs: string[];
}

/** Starts an upstream answering `answer` and a gateway with the key, sends one request, and returns all it saw. */
async function exchange(key: string, answer: ReplayResponse, request: object): Promise<Exchange> {
  replay = await startReplayServer(answer);
  const logs: string[] = [];
  gateway = await createGateway(
    { model_list: [{ model_name: 'x', litellm_params: { model: 'keyed/m', api_base: replay.url, api_key: 'os.environ/UPSTREAM_KEY' } }], providers: [keyedProvider] },
    { env: { UPSTREAM_KEY: key }, logger: createLogger({ level: 'debug', format: 'json', write: (line) => logs.push(line) }) },
  );
  for (const warning of gateway.warnings) gateway.logger.warn(warning);
  server = await gateway.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const response = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(request) });
  const body = await response.text();
  // Models and health answers go through the same config; they must not show the key either.
  const extra = await Promise.all(['/v1/models', '/v1/models/x', '/health/readiness'].map(async (path) => (await fetch(`${base}${path}`)).text()));
  return { status: response.status, headers: JSON.stringify([...response.headers]), body: body + extra.join(''), logs };
}

const hello = { model: 'x', messages: [{ role: 'user', content: 'hi' }] };
const okAnswer: ReplayResponse = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] }),
};
const echoing = (key: string, status: number): ReplayResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error: { message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }),
});

function expectNoKey(seen: Exchange, key: string): void {
  expect(seen.body).not.toContain(key);
  expect(seen.headers).not.toContain(key);
  for (const line of seen.logs) expect(line).not.toContain(key);
  // Not even most of it: a mask keeps at most the last four characters.
  for (const line of [seen.body, seen.headers, ...seen.logs]) expect(line).not.toContain(key.slice(0, -4));
}

describe.each(keys)('the deployment key (%s)', (_kind, key) => {
  it('reaches the upstream', async () => {
    await exchange(key, okAnswer, hello);
    expect(replay!.requests[0].headers.authorization).toBe(`Bearer ${key}`);
  });

  it('appears in no response or log line of a successful request, even at debug level', async () => {
    const seen = await exchange(key, okAnswer, hello);
    expect(seen.status).toBe(200);
    expect(seen.logs.some((line) => line.includes('calling upstream'))).toBe(true);
    expectNoKey(seen, key);
  });

  it('appears nowhere when the upstream answers 401 and echoes it', async () => {
    const seen = await exchange(key, echoing(key, 401), hello);
    expect(seen.status).toBe(401);
    expectNoKey(seen, key);
  });

  it('appears nowhere when the upstream answers 500 and echoes it, which is logged as an error', async () => {
    const seen = await exchange(key, echoing(key, 500), hello);
    expect(seen.status).toBe(502);
    expect(seen.logs.some((line) => line.includes('"level":"error"'))).toBe(true);
    expectNoKey(seen, key);
  });

  it('appears nowhere when a streamed request fails upstream and the upstream echoes it', async () => {
    const seen = await exchange(key, echoing(key, 401), { ...hello, stream: true });
    expect(seen.status).toBe(401);
    expectNoKey(seen, key);
  });

  it('shows as a mask in the message of an echoed upstream error', async () => {
    const seen = await exchange(key, echoing(key, 401), hello);
    expect(JSON.parse(seen.body.slice(0, seen.body.indexOf('}}') + 2))).toEqual({
      error: {
        message: `keyed: Incorrect API key provided: ${key.startsWith('sk-') ? 'sk-' : ''}…${key.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
  });
});
