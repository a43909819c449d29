import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError, UpstreamError } from '../errors/gateway-error.js';
import { SecretScrubber } from '../secrets/secret-scrubber.js';
import { Cancellation } from '../pipeline/cancellation.js';
import { bindUpstreamHttp, createUpstreamAgent, createUpstreamHttp } from './create-upstream-http.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const http = () => createUpstreamHttp({ provider: 'bedrock', dispatcher: createUpstreamAgent(), scrubber: new SecretScrubber() });

describe('postByteStream', () => {
  it('hands over the body bytes as they arrive, unchanged', async () => {
    const base = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      response.write(Buffer.from([0, 1, 2, 255]));
      setTimeout(() => response.end(Buffer.from([254, 3])), 10);
    });
    const answer = await http().postByteStream(`${base}/stream`, { headers: {}, body: '{}', signal: new AbortController().signal });
    const received: number[] = [];
    for await (const chunk of answer.body) received.push(...chunk);
    expect([answer.status, answer.headers['content-type'], received]).toEqual([200, 'application/vnd.amazon.eventstream', [0, 1, 2, 255, 254, 3]]);
  });

  it('maps a non-2xx answer with the provider mapping and a reset mid-body to upstream_unreachable', async () => {
    const base = await serve((request, response) => {
      if (request.url === '/bad') {
        response.writeHead(429, { 'content-type': 'application/json' });
        response.end('{"message":"Too many requests"}');
        return;
      }
      response.writeHead(200);
      response.write('partial');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const mapError = () => new UpstreamError({ provider: 'bedrock', upstreamStatus: 429, code: 'rate_limit_exceeded', message: 'bedrock: Too many requests' });
    await expect(http().postByteStream(`${base}/bad`, { headers: {}, body: '{}', signal: new AbortController().signal, mapError })).rejects.toMatchObject({
      status: 429,
      errorClass: 'RateLimitError',
    });
    const answer = await http().postByteStream(`${base}/cut`, { headers: {}, body: '{}', signal: new AbortController().signal });
    const failure = await (async () => {
      try {
        for await (const chunk of answer.body) void chunk;
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(GatewayError.isGatewayError(failure) && [failure.code, failure.status, (failure as UpstreamError).errorClass]).toEqual(['upstream_unreachable', 502, 'InternalServerError']);
  });
});

describe('postJson', () => {
  it('sends a body the provider serialised itself as JSON unless it names a content-type', async () => {
    const seen: Array<string | undefined> = [];
    const base = await serve((request, response) => {
      seen.push(request.headers['content-type']);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    const signal = new AbortController().signal;
    await http().postJson(`${base}/a`, { headers: {}, body: '{"a":1}', signal });
    await http().postJson(`${base}/b`, { headers: { 'Content-Type': 'application/x-amz-json-1.1' }, body: '{"a":1}', signal });
    expect(seen).toEqual(['application/json', 'application/x-amz-json-1.1']);
  });

  it('names where it tried to connect, without the URL\'s credentials or query, when nothing answers', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const failure = (await http()
      .postJson(`http://user:hunter2@127.0.0.1:${port}/v1/chat?key=secret`, { headers: {}, body: {}, signal: new AbortController().signal })
      .catch((error: unknown) => error)) as UpstreamError;
    expect([failure.code, failure.errorClass]).toEqual(['upstream_unreachable', 'InternalServerError']);
    expect(failure.message).toMatch(new RegExp(`^could not reach bedrock at http://127\\.0\\.0\\.1:${port}: `));
    expect(failure.message).not.toMatch(/hunter2|secret/);
  });
});

describe('bindUpstreamHttp', () => {
  it("aborts a call that names no signal through the call's Cancellation, before and after the answer's headers", async () => {
    const closed: string[] = [];
    const base = await serve((request, response) => {
      request.socket.once('close', () => closed.push(request.url!));
      if (request.url === '/stream') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: {"a":1}\n\n');
      }
      // '/hang' never answers.
    });
    const shared = http();
    const hanging = new Cancellation();
    const pending = bindUpstreamHttp(shared, hanging).postJson(`${base}/hang`, { headers: {}, body: {} }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new GatewayError({ code: 'upstream_timeout', message: 'bedrock did not answer within 1s' });
    hanging.abort(reason);
    expect(await pending).toBe(reason);

    const streaming = new Cancellation();
    const answer = await bindUpstreamHttp(shared, streaming).postStream(`${base}/stream`, { headers: {}, body: {}, framing: 'sse' });
    const events = answer.events[Symbol.asyncIterator]();
    expect(await events.next()).toStrictEqual({ done: false, value: { data: '{"a":1}' } });
    const gone = new GatewayError({ code: 'client_closed', message: 'The client closed the connection.' });
    const next = events.next().catch((error: unknown) => error);
    streaming.abort(gone);
    expect(await next).toBe(gone);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closedByAbort = [...closed].sort();
    server?.closeAllConnections();
    expect(closedByAbort).toStrictEqual(['/hang', '/stream']);
    // No AbortSignal was made for either call.
    expect([hanging, streaming].map((cancellation) => (cancellation as unknown as { controller?: unknown }).controller)).toStrictEqual([undefined, undefined]);
  });
});
