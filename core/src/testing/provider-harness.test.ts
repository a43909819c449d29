import { afterEach, describe, expect, it } from 'vitest';
import type { ChatResponse } from '../openai/chat-types.js';
import { definePlugin } from '../plugin/plugin-spec.js';
import { defineProvider } from '../provider/provider-spec.js';
import type { CassetteInteraction } from './fixtures.js';
import { createProviderHarness, replayAnswerOf } from './provider-harness.js';

/** A provider that posts the request to its api_base and returns the upstream's JSON as the completion. */
const relay = defineProvider({
  specificationVersion: 'v1',
  id: 'relay',
  prefixes: ['relay'],
  chat: {
    async complete(request, call) {
      const answer = await call.http.postJson<ChatResponse>(`${call.deployment.api_base}/chat`, { headers: { 'content-type': 'application/json' }, body: request, signal: call.signal });
      return answer.body;
    },
    stream: () => Promise.reject(new Error('not used')),
  },
});

const completion: ChatResponse = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'upstream-model', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }] };

const hello = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

describe('createProviderHarness', () => {
  const harness = createProviderHarness({ providers: [relay], client: (baseURL) => ({ baseURL }) });
  afterEach(harness.cleanup);

  it('serves a gateway of its providers against a replay server, and builds the client from the baseURL', async () => {
    const replay = await harness.replayServer({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(completion) });
    const { baseURL, client, gateway, postJson } = await harness.startGateway([{ model_name: 'm', litellm_params: { model: 'relay/upstream-model', api_base: replay.url } }]);

    expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(client).toStrictEqual({ baseURL });
    expect(gateway.deployments.map((deployment) => [deployment.provider, deployment.model, deployment.api_base])).toStrictEqual([['relay', 'upstream-model', replay.url]]);
    const response = await postJson('/chat/completions', hello);
    expect([response.status, response.headers.get('content-type'), await response.json()]).toStrictEqual([200, 'application/json; charset=utf-8', completion]);
    expect(replay.requests.map((request) => [request.method, request.path, JSON.parse(request.body)])).toStrictEqual([['POST', '/chat', { model: 'upstream-model', messages: [{ role: 'user', content: 'hi' }] }]]);
  });

  it('records what the gateway logged at the level asked for', async () => {
    const replay = await harness.replayServer({ status: 503, headers: { 'content-type': 'application/json' }, body: '{"error":{"message":"overloaded"}}' });
    const quiet = createProviderHarness({ providers: [relay], logLevel: 'silent', client: () => undefined });
    const modelList = [{ model_name: 'm', litellm_params: { model: 'relay/upstream-model', api_base: replay.url } }];
    try {
      const debug = await harness.startGateway(modelList);
      const silent = await quiet.startGateway(modelList);
      await (await debug.postJson('/chat/completions', hello)).text();
      await (await silent.postJson('/chat/completions', hello)).text();
      expect(debug.logs.length).toBeGreaterThan(0);
      expect(silent.logs).toStrictEqual([]);
    } finally {
      await quiet.cleanup();
    }
  });

  it('cleanup closes every gateway and replay server it started, and nothing is left for the next test', async () => {
    const closed: string[] = [];
    const watcher = definePlugin({ name: 'watcher', core: '^1.0.0', apply: (hooks) => hooks.close.tapPromise('watcher', async () => void closed.push('gateway')) });
    const own = createProviderHarness({ providers: [relay], plugins: [watcher()], client: () => undefined });
    const replay = await own.replayServer();
    const { baseURL } = await own.startGateway([{ model_name: 'm', litellm_params: { model: 'relay/upstream-model', api_base: replay.url } }]);

    await own.cleanup();
    expect(closed).toStrictEqual(['gateway']);
    await expect(fetch(`${baseURL}/models`)).rejects.toThrow('fetch failed');
    await expect(fetch(replay.url)).rejects.toThrow('fetch failed');
    await own.cleanup();
    expect(closed).toStrictEqual(['gateway']);
  });
});

describe('replayAnswerOf', () => {
  const interaction = (contentType: string | undefined): CassetteInteraction => ({
    request: { method: 'POST', uri: 'https://api.example.com/v1/chat', headers: {}, body: undefined },
    response: { status: 201, headers: {}, body: Buffer.from('{"ok":true}'), bodyExact: true, contentType },
  });

  it('answers with the recorded status, content type and body bytes, whole', () => {
    expect(replayAnswerOf(interaction('text/event-stream'))).toStrictEqual({ status: 201, headers: { 'content-type': 'text/event-stream' }, body: Buffer.from('{"ok":true}'), split: 'whole' });
  });

  it('says application/json when no content type was recorded, and takes a split and extra headers', () => {
    expect(replayAnswerOf(interaction(undefined), { split: 'events', headers: { 'x-request-id': 'req-1' } })).toStrictEqual({
      status: 201,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' },
      body: Buffer.from('{"ok":true}'),
      split: 'events',
    });
  });
});
