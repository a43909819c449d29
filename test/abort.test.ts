import { request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, createLogger, defineProvider, definePlugin, type ChatChunk, type ChatResponse, type Gateway, type RequestRecord } from '@switchyard/core';
import { startReplayServer, type RecordedRequest, type ReplayResponse, type ReplayServer } from '@switchyard/core/testing';

/**
 * A provider that speaks OpenAI's wire format to `api_base` through core's UpstreamHttp, as a real provider does,
 * so these tests see what core does to the upstream socket.
 */
const wireProvider = defineProvider({
  specificationVersion: 'v1',
  id: 'wire',
  prefixes: ['wire'],
  chat: {
    async complete(_request, call) {
      const answer = await call.http.postJson<ChatResponse>(`${call.deployment.api_base}/v1/chat/completions`, { signal: call.signal, headers: {}, body: {} });
      return answer.body;
    },
    async stream(_request, call) {
      const upstream = await call.http.postStream(`${call.deployment.api_base}/v1/chat/completions`, { framing: 'sse', signal: call.signal, headers: {}, body: {} });
      return (async function* (): AsyncGenerator<ChatChunk> {
        for await (const event of upstream.events) {
          if (event.data === '[DONE]') return;
          pulledFromUpstream++;
          if (gatewayResponse?.writableNeedDrain) pulledWhileClientBufferFull++;
          yield JSON.parse(event.data) as ChatChunk;
        }
      })();
    },
  },
});

/** A provider with no upstream that makes chunks as they are pulled, counting them. */
const countingProvider = defineProvider({
  specificationVersion: 'v1',
  id: 'counting',
  prefixes: ['counting'],
  chat: {
    async complete() {
      throw new Error('not used');
    },
    async stream() {
      return (async function* (): AsyncGenerator<ChatChunk> {
        for (let index = 0; index < bigChunkCount; index++) {
          pulledFromUpstream++;
          if (gatewayResponse?.writableNeedDrain) pulledWhileClientBufferFull++;
          yield bigChunk(index);
        }
      })();
    },
  },
});

const bigChunkCount = 1024;
const bigContent = 'a'.repeat(64 * 1024);
const bigChunk = (index: number): ChatChunk => ({
  id: 'chatcmpl-big',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: { content: `${index}:${bigContent}` }, finish_reason: null }],
});

let pulledFromUpstream = 0;
let pulledWhileClientBufferFull = 0;
let gatewayResponse: ServerResponse | undefined;
let replay: ReplayServer | undefined;
let gateway: Gateway | undefined;
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server!.close(resolve));
  await gateway?.close(0);
  await replay?.close();
  [server, gateway, replay, gatewayResponse] = [undefined, undefined, undefined, undefined];
  pulledFromUpstream = 0;
  pulledWhileClientBufferFull = 0;
});

interface Started {
  base: string;
  finished: Promise<RequestRecord>;
  /**
   * Resolves, with the number of chunks pulled so far, the first time a write of the gateway to the client finds the
   * kernel's socket buffers full: the write returns false and libuv had to queue bytes the kernel would not take.
   * From then on the stream can only move when the client reads.
   */
  backPressure: Promise<number>;
}

async function startGateway(model: string, apiBase?: string): Promise<Started> {
  let markFinished!: (record: RequestRecord) => void;
  const finished = new Promise<RequestRecord>((resolve) => (markFinished = resolve));
  const observer = definePlugin({ name: 'observer', core: '^1.0.0', apply: (hooks) => hooks.requestFinished.tap('observer', (record) => markFinished(record)) });
  gateway = await createGateway(
    { model_list: [{ model_name: 'x', litellm_params: { model, ...(apiBase ? { api_base: apiBase } : {}) } }], providers: [wireProvider, countingProvider], plugins: [observer()] },
    { logger: createLogger({ level: 'silent' }) },
  );
  server = await gateway.listen({ port: 0, host: '127.0.0.1' });
  let markBackPressure!: (pulled: number) => void;
  const backPressure = new Promise<number>((resolve) => (markBackPressure = resolve));
  // Koa's listener runs first; this one only watches the response it writes.
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    gatewayResponse = response;
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    response.write = ((...args: unknown[]) => {
      const accepted = write(...args);
      if (!accepted) {
        const pulled = pulledFromUpstream;
        // A 64 KiB write always exceeds the 16 KiB high-water mark; only bytes libuv had to queue mean the kernel is
        // full. Node writes a chunked response on the next tick (it corks the socket), so look after that.
        process.nextTick(() => {
          const queued = (response.socket as unknown as { _handle?: { writeQueueSize?: number } } | null)?._handle?.writeQueueSize ?? 0;
          if (queued > 0) markBackPressure(pulled);
        });
      }
      return accepted;
    }) as ServerResponse['write'];
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, finished, backPressure };
}

/** A replay upstream that resolves `received` when the gateway's call arrives. */
async function startUpstream(answer: ReplayResponse): Promise<{ url: string; received: Promise<RecordedRequest> }> {
  let markReceived!: (recorded: RecordedRequest) => void;
  const received = new Promise<RecordedRequest>((resolve) => (markReceived = resolve));
  replay = await startReplayServer((recorded) => {
    markReceived(recorded);
    return answer;
  });
  return { url: replay.url, received };
}

const sseEvent = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const firstChunk: ChatChunk = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] };
const chatBody = (stream: boolean) => JSON.stringify({ model: 'x', stream, messages: [{ role: 'user', content: 'hi' }] });

describe('when the client goes away', () => {
  it('aborts the upstream call of a stream at once', async () => {
    const first = sseEvent(firstChunk);
    const upstream = await startUpstream({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: first + sseEvent({ ...firstChunk, choices: [] }), hangAfterBytes: first.length });
    const { base, finished } = await startGateway('wire/m', upstream.url);
    const controller = new AbortController();
    const response = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody(true), signal: controller.signal });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(first);
    controller.abort();
    const recorded = await upstream.received;
    await recorded.aborted;
    expect(recorded.wasAborted()).toBe(true);
    expect((await finished).error?.code).toBe('client_closed');
  });

  it('aborts the upstream call of a JSON request at once', async () => {
    const upstream = await startUpstream({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"chatcmpl-1"}', hangAfterBytes: 0 });
    const { base, finished } = await startGateway('wire/m', upstream.url);
    const controller = new AbortController();
    const pending = fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody(false), signal: controller.signal });
    const recorded = await upstream.received;
    controller.abort();
    await expect(pending).rejects.toThrow();
    await recorded.aborted;
    expect(recorded.wasAborted()).toBe(true);
    expect((await finished).error?.code).toBe('client_closed');
  });

  it('aborts the upstream call when the client goes away before the first chunk', async () => {
    const upstream = await startUpstream({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: sseEvent(firstChunk), hangAfterBytes: 0 });
    const { base, finished } = await startGateway('wire/m', upstream.url);
    const controller = new AbortController();
    const pending = fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody(true), signal: controller.signal });
    const recorded = await upstream.received;
    controller.abort();
    await expect(pending).rejects.toThrow();
    await recorded.aborted;
    expect((await finished).error?.code).toBe('client_closed');
  });
});

/**
 * Streams `bigChunkCount` chunks of 64 KiB (64 MiB, far more than the socket buffers hold) to a client that stops
 * reading, then reads the rest. Returns what the client got and how far the gateway had pulled when it first had to
 * wait for the client.
 */
async function streamToSlowReader(base: string, backPressure: Promise<number>): Promise<{ pulledAtBackPressure: number; chunks: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      response.pause();
      let bytes = 0;
      let frames = 0;
      let tail = '';
      response.on('data', (data: Buffer) => {
        bytes += data.length;
        // A frame's blank line may straddle two reads; the last character of the previous read covers that.
        const text = tail + data.toString('latin1');
        for (let at = text.indexOf('\n\n'); at !== -1; at = text.indexOf('\n\n', at + 2)) frames++;
        tail = text.slice(-1);
      });
      backPressure.then((pulledAtBackPressure) => {
        response.on('end', () => resolve({ pulledAtBackPressure, chunks: frames - 1, bytes }));
        response.resume();
      }, reject);
    });
    outgoing.on('error', reject);
    outgoing.end(chatBody(true));
  });
}

describe('a client that reads slowly', () => {
  it('stops pulling chunks from the provider while the client socket is full', async () => {
    const { base, backPressure, finished } = await startGateway('counting/m');
    const result = await streamToSlowReader(base, backPressure);
    // Bounded by the kernel's socket buffers (a few MiB), nowhere near the 64 MiB the provider could make.
    expect(result.pulledAtBackPressure).toBeLessThan(bigChunkCount / 4);
    expect(pulledWhileClientBufferFull).toBe(0);
    expect([result.chunks, pulledFromUpstream]).toEqual([bigChunkCount, bigChunkCount]);
    expect((await finished).error).toBeUndefined();
  });

  it('stops reading the upstream socket while the client socket is full', async () => {
    const body = Array.from({ length: bigChunkCount }, (_unused, index) => sseEvent(bigChunk(index))).join('') + 'data: [DONE]\n\n';
    const upstream = await startUpstream({ status: 200, headers: { 'content-type': 'text/event-stream' }, body, split: 'events' });
    const { base, backPressure, finished } = await startGateway('wire/m', upstream.url);
    const result = await streamToSlowReader(base, backPressure);
    expect(result.pulledAtBackPressure).toBeLessThan(bigChunkCount / 4);
    expect(pulledWhileClientBufferFull).toBe(0);
    expect([result.chunks, pulledFromUpstream]).toEqual([bigChunkCount, bigChunkCount]);
    expect((await finished).error).toBeUndefined();
  });
});
