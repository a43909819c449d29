import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { Cancellation } from '../pipeline/cancellation.js';
import { exchangeChunks, exchangeText, type ExchangeErrorMapper } from './upstream-exchange.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve())));

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const tagged: ExchangeErrorMapper = (error, answered) => ({ answered, message: (error as Error).message });
const post = (url: string) => ({ url, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: '{}' });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('exchangeText', () => {
  it('joins a body split inside a UTF-8 character and drops a byte-order mark', async () => {
    const text = '\ufeff{"content":"ça va — 你好"}';
    const bytes = Buffer.from(text, 'utf8');
    const base = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'one' });
      // Byte 17 falls inside the em dash's three bytes.
      response.write(bytes.subarray(0, 17));
      setTimeout(() => response.end(bytes.subarray(17)), 5);
    });
    const answer = await exchangeText(new Agent(), post(`${base}/v1/chat`), undefined, tagged);
    expect(answer.ok && [answer.status, answer.headers['x-upstream'], answer.body]).toStrictEqual([200, 'one', '{"content":"ça va — 你好"}']);
  });

  it('reads only the first 64 KiB of a failure body and gives up the connection', async () => {
    let closed = false;
    const base = await serve((request, response) => {
      request.socket.once('close', () => (closed = true));
      response.writeHead(500, { 'content-type': 'text/plain' });
      const piece = 'x'.repeat(16 * 1024);
      const write = () => {
        while (!closed && response.write(piece));
        if (!closed) response.once('drain', write);
      };
      write();
    });
    const answer = await exchangeText(new Agent(), post(`${base}/v1/chat`), undefined, tagged);
    await pause(20);
    expect(answer.ok === false && [answer.failure.status, answer.failure.headers['content-type'], answer.failure.bodyText.length, closed]).toStrictEqual([500, 'text/plain', 64 * 1024, true]);
  });

  it('tells a refused connection from one that broke off after the status', async () => {
    const refused = createServer();
    await new Promise<void>((resolve) => refused.listen(0, '127.0.0.1', resolve));
    const port = (refused.address() as AddressInfo).port;
    await new Promise<void>((resolve) => refused.close(() => resolve()));
    const never = await exchangeText(new Agent(), post(`http://127.0.0.1:${port}/v1/chat`), undefined, tagged).catch((error: unknown) => error);
    expect(never).toMatchObject({ answered: false, message: expect.stringMatching(/ECONNREFUSED/) });

    const base = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"partial":');
      setTimeout(() => response.socket?.destroy(), 5);
    });
    const cut = await exchangeText(new Agent(), post(`${base}/v1/chat`), undefined, tagged).catch((error: unknown) => error);
    expect(cut).toStrictEqual({ answered: true, message: 'other side closed' });
  });

  it('answers a caller who left while the request waited for a connection at once, and never sends it', async () => {
    const seen: string[] = [];
    const base = await serve((request, response) => {
      seen.push(request.url!);
      if (request.url === '/first') setTimeout(() => response.end('{}'), 60);
      else response.end('{}');
    });
    const agent = new Agent({ connections: 1 });
    const first = exchangeText(agent, post(`${base}/first`), undefined, tagged);
    const cancellation = new Cancellation();
    const queued = exchangeText(agent, post(`${base}/queued`), cancellation, tagged).catch((error: unknown) => error);
    await pause(10);
    const reason = new Error('the client left');
    cancellation.abort(reason);
    expect(await queued).toStrictEqual({ answered: false, message: 'the client left' });
    expect((await first).ok).toBe(true);
    await pause(20);
    expect(seen).toStrictEqual(['/first']);
  });
});

describe('exchangeChunks', () => {
  it('holds the upstream back while its reader is slow, then hands over every byte in order', async () => {
    const total = 32 * 1024 * 1024;
    let written = 0;
    const base = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const write = () => {
        while (written < total) {
          const piece = Buffer.alloc(64 * 1024, written / (64 * 1024) % 251);
          written += piece.length;
          if (!response.write(piece)) {
            response.once('drain', write);
            return;
          }
        }
        response.end();
      };
      write();
    });
    const answer = await exchangeChunks(new Agent(), post(`${base}/stream`), undefined, tagged);
    if (!answer.ok) throw new Error('expected a 2xx answer');
    await pause(300);
    // Nothing was read: the gateway holds at most its 64 KiB mark plus what the sockets buffer, not the whole body.
    const writtenWhileIdle = written;
    expect(writtenWhileIdle).toBeLessThan(total);
    let received = 0;
    let inOrder = true;
    for await (const chunk of answer.body) {
      for (let offset = 0; offset < chunk.length; offset += 4096) {
        if (chunk[offset] !== Math.floor((received + offset) / (64 * 1024)) % 251) inOrder = false;
      }
      received += chunk.length;
    }
    expect([received, inOrder]).toStrictEqual([total, true]);
  });

  it('closes the connection when its reader stops early', async () => {
    let closed = false;
    const base = await serve((request, response) => {
      request.socket.once('close', () => (closed = true));
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"a":1}\n\n');
    });
    const answer = await exchangeChunks(new Agent(), post(`${base}/stream`), undefined, tagged);
    if (!answer.ok) throw new Error('expected a 2xx answer');
    expect((await answer.body.next()).value.toString()).toBe('data: {"a":1}\n\n');
    expect(await answer.body.return!()).toStrictEqual({ done: true, value: undefined });
    await pause(20);
    expect([closed, await answer.body.next()]).toStrictEqual([true, { done: true, value: undefined }]);
  });

  it('raises a connection lost mid-body to the reader, mapped as after the status', async () => {
    const base = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"a":1}\n\n');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const answer = await exchangeChunks(new Agent(), post(`${base}/stream`), undefined, tagged);
    if (!answer.ok) throw new Error('expected a 2xx answer');
    const read: string[] = [];
    const failure = await (async () => {
      try {
        for await (const chunk of answer.body) read.push(chunk.toString());
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect([read, failure]).toStrictEqual([['data: {"a":1}\n\n'], { answered: true, message: 'other side closed' }]);
  });
});
