import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One canned answer of the replay server. */
export interface ReplayResponse {
  status?: number;
  headers?: Record<string, string>;
  /** The body, written byte for byte. */
  body?: string | Buffer;
  /**
   * How the body is cut into writes: 'whole' (one write), 'events' (one write per SSE event, i.e. after each blank
   * line), or a byte count. Default 'whole'.
   */
  split?: 'whole' | 'events' | number;
  /** Write this much of the body, then keep the connection open without ending (for abort and timeout tests). */
  hangAfterBytes?: number;
  /** Destroy the socket after writing this many bytes (a connection reset mid-answer). */
  resetAfterBytes?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Resolves when the gateway closed this connection before the answer ended (it aborted the call). */
  readonly aborted: Promise<void>;
  readonly wasAborted: () => boolean;
}

export type ReplayHandler = (request: RecordedRequest) => ReplayResponse | Promise<ReplayResponse>;

export interface ReplayServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Replaces what the server answers next. */
  answer(handler: ReplayHandler | ReplayResponse): void;
  close(): Promise<void>;
}

/**
 * A loopback upstream on an ephemeral port that replays recorded provider answers byte for byte and records what it
 * was sent. Provider tests point a deployment's api_base at it.
 */
export async function startReplayServer(initial: ReplayHandler | ReplayResponse = { status: 404, body: '' }): Promise<ReplayServer> {
  let handler: ReplayHandler = typeof initial === 'function' ? initial : () => initial;
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let aborted = false;
    let markAborted!: () => void;
    const abortedPromise = new Promise<void>((resolve) => (markAborted = resolve));
    res.on('close', () => {
      if (!res.writableFinished) {
        aborted = true;
        markAborted();
      }
    });
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      aborted: abortedPromise,
      wasAborted: () => aborted,
    };
    requests.push(recorded);
    try {
      await reply(res, await handler(recorded));
    } catch (error) {
      res.destroy(error as Error);
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(next) {
      handler = typeof next === 'function' ? next : () => next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function reply(res: ServerResponse, answer: ReplayResponse): Promise<void> {
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : (answer.body ?? Buffer.alloc(0));
  const headers = { ...answer.headers };
  const limit = answer.hangAfterBytes ?? answer.resetAfterBytes;
  res.writeHead(answer.status ?? 200, headers);
  const pieces = cut(limit === undefined ? body : body.subarray(0, limit), answer.split ?? 'whole');
  for (const piece of pieces) {
    if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
    // Separate writes reach the socket as separate packets only if the event loop turns between them.
    if (pieces.length > 1) await new Promise((resolve) => setImmediate(resolve));
  }
  if (answer.resetAfterBytes !== undefined) {
    res.socket?.destroy();
    return;
  }
  if (answer.hangAfterBytes !== undefined) return;
  res.end();
}

function cut(body: Buffer, split: 'whole' | 'events' | number): Buffer[] {
  if (split === 'whole' || body.length === 0) return [body];
  if (typeof split === 'number') {
    const out: Buffer[] = [];
    for (let offset = 0; offset < body.length; offset += split) out.push(body.subarray(offset, offset + split));
    return out;
  }
  const text = body.toString('latin1');
  const out: Buffer[] = [];
  let start = 0;
  const boundary = /\r\n\r\n|\n\n|\r\r/g;
  for (let match = boundary.exec(text); match !== null; match = boundary.exec(text)) {
    out.push(body.subarray(start, match.index + match[0].length));
    start = match.index + match[0].length;
  }
  if (start < body.length) out.push(body.subarray(start));
  return out;
}
