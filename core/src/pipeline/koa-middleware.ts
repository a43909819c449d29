import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Router from '@koa/router';
import type Koa from 'koa';
import { GatewayError, toGatewayError } from '../errors/gateway-error.js';
import type { Endpoint, GatewayContext } from '../hooks/gateway-context.js';
import type { ChatChunk } from '../openai/chat-types.js';
import { toJsonText } from '../sse/raw-json.js';
import type { ReadyIterator } from '../sse/ready-iterator.js';
import { sseData, sseDone } from '../sse/write-sse.js';
import { Cancellation } from './cancellation.js';
import type { Gateway } from './create-gateway.js';
import { readJsonBody } from './read-body.js';

export interface KoaMiddlewareOptions {
  /** Path the routes live under, e.g. '/llm' serves '/llm/v1/chat/completions'. */
  prefix?: string;
  /** Largest request body in bytes (default: the config's server.max_body_bytes, else 20 MiB). */
  maxBodyBytes?: number;
  /** Seconds a request body may take to arrive (default: the config's server.body_timeout, else 30). */
  bodyTimeout?: number;
}

const defaultMaxBody = 20 * 1024 * 1024;
const defaultBodyTimeout = 30;
const maxPendingText = 64 * 1024;
const requestIdPattern = /^[\w.:-]{1,128}$/;
// Set by core on every stream; a plugin's header of the same name is left out.
const streamHeaderNames = new Set(['content-type', 'cache-control', 'x-request-id']);

/**
 * The gateway's OpenAI-compatible routes as one Koa middleware. Every error a route meets is written here as an
 * OpenAI-shaped body; nothing reaches Koa's own error handler.
 */
export function createKoaMiddleware(gateway: Gateway, options: KoaMiddlewareOptions = {}): Koa.Middleware {
  const router = new Router(options.prefix ? { prefix: options.prefix } : {});
  const limits = {
    maxBytes: options.maxBodyBytes ?? gateway.config.server?.max_body_bytes ?? defaultMaxBody,
    timeoutMs: (options.bodyTimeout ?? gateway.config.server?.body_timeout ?? defaultBodyTimeout) * 1000,
  };

  const model = (endpoint: Endpoint) => async (ctx: Koa.Context) => {
    const id = requestId(ctx.req);
    ctx.set('x-request-id', id);
    const cancellation = new Cancellation();
    const onClose = () => {
      if (!ctx.res.writableFinished) cancellation.abort(new GatewayError({ code: 'client_closed', message: 'The client closed the connection.' }));
    };
    ctx.res.once('close', onClose);
    try {
      // A host app's body parser may have read the body already; then its parsed value is all there is.
      const parsed = (ctx.request as { body?: unknown }).body;
      const body = ctx.req.readableEnded && parsed !== undefined ? parsed : await readJsonBody(ctx.req, limits);
      const outcome = await gateway.run(endpoint, body, { id, headers: ctx.req.headers, cancellation });
      if (outcome.kind === 'stream') {
        ctx.respond = false;
        await writeStream(ctx.res, outcome.context, outcome.chunks, id);
        return;
      }
      // Straight onto the response: Koa's ctx.set adds a delegate, a type check and a loop per header.
      const extra = outcome.context.responseHeaders;
      for (const name in extra) ctx.res.setHeader(name, extra[name]);
      ctx.type = 'application/json';
      ctx.body = toJsonText(outcome.response);
    } catch (error) {
      writeError(ctx, error, id);
    } finally {
      ctx.res.off('close', onClose);
    }
  };

  // The model routes are the hot path: found with one Map lookup on the exact path, because routing through
  // @koa/router costs about as much per request as Koa itself (measured: ~19 µs). The router keeps the rest.
  const prefix = options.prefix ?? '';
  const modelRoutes = new Map<string, Koa.Middleware>();
  for (const [path, endpoint] of [['/v1/chat/completions', 'chat'], ['/chat/completions', 'chat'], ['/v1/embeddings', 'embeddings'], ['/embeddings', 'embeddings']] as const) {
    const handler = model(endpoint);
    modelRoutes.set(prefix + path, handler);
    router.post(path, handler);
  }
  const listModels = async (ctx: Koa.Context) => {
    ctx.set('x-request-id', requestId(ctx.req));
    ctx.body = await gateway.models.list();
  };
  const retrieveModel = async (ctx: Koa.Context) => {
    const id = requestId(ctx.req);
    ctx.set('x-request-id', id);
    try {
      const name = ctx.params.model as unknown as string | string[];
      ctx.body = await gateway.models.retrieve(Array.isArray(name) ? name.join('/') : name);
    } catch (error) {
      writeError(ctx, error, id);
    }
  };
  router.get('/v1/models', listModels);
  router.get('/models', listModels);
  router.get('/v1/models/*model', retrieveModel);
  router.get('/models/*model', retrieveModel);
  router.get('/health/liveliness', (ctx) => {
    ctx.set('x-request-id', requestId(ctx.req));
    ctx.body = "I'm alive!";
  });
  router.get('/health/readiness', (ctx) => {
    ctx.set('x-request-id', requestId(ctx.req));
    const draining = gateway.isClosing;
    ctx.status = draining ? 503 : 200;
    ctx.body = { status: draining ? 'draining' : 'healthy', in_flight: gateway.pipeline.requestsInFlight, models: gateway.deployments.length };
  });

  const routes = router.routes();
  return async (ctx, next) => {
    if (ctx.method === 'POST') {
      const handler = modelRoutes.get(ctx.path);
      if (handler !== undefined) return handler(ctx, next);
    }
    // A path the gateway serves with another method is a 405 from here, never passed on to the host app.
    const match = router.match(ctx.path, ctx.method);
    if (match.path.length > 0 && !match.route) {
      const allow = [...new Set(match.path.flatMap((layer) => layer.methods))].join(', ');
      ctx.set('allow', allow);
      writeError(ctx, new GatewayError({ code: 'method_not_allowed', message: `${ctx.method} is not allowed on ${ctx.path}; use ${allow}.` }), requestId(ctx.req));
      return;
    }
    await routes(ctx as Parameters<typeof routes>[0], next);
  };
}

/** The client's `x-request-id` when it is sane (word characters, `.:-`, at most 128), else a new UUID. */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
}

/** Writes an error as OpenAI does. An unexposed error shows only `internal error` and the request id. */
export function writeError(ctx: Koa.Context, thrown: unknown, id: string): void {
  const error = toGatewayError(thrown);
  const shown = error.expose ? error : new GatewayError({ code: 'internal_error', message: `Internal error. Quote request id ${id} when reporting it.` });
  if (ctx.headerSent || !ctx.writable) return;
  ctx.status = shown.status;
  ctx.set(shown.headers);
  ctx.set('x-request-id', id);
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(shown.toOpenAIError());
}

/**
 * Writes a stream as OpenAI frames it. Each write that fills the socket buffer waits for `drain`, so a slow client
 * slows the upstream read instead of growing memory. An error after the headers went out is a final `data: {"error":…}`
 * event, and the status stays 200.
 */
async function writeStream(res: ServerResponse, context: GatewayContext, chunks: ReadyIterator<ChatChunk>, id: string): Promise<void> {
  // A flat list rather than an object spread: spreading a plugin's headers into a literal took V8's slow path
  // (measured: ~13 µs per stream with three headers).
  const headers = ['content-type', 'text/event-stream; charset=utf-8', 'cache-control', 'no-cache', 'x-request-id', id];
  for (const name in context.responseHeaders) {
    if (!streamHeaderNames.has(name.toLowerCase())) headers.push(name, context.responseHeaders[name]);
  }
  res.writeHead(200, headers);
  // Chunks that arrive in one upstream read are joined and written once the event loop has finished with that read
  // (setImmediate): one socket write instead of one per event, and when the body's end came in the same read, the
  // final chunks and [DONE] share that write too.
  let pending = '';
  let full = false;
  const flush = () => {
    if (pending === '' || res.writableEnded || res.destroyed) return;
    const text = pending;
    pending = '';
    if (!res.write(text)) full = true;
  };
  try {
    for (;;) {
      // A chunk already at hand is taken without an await; the rest of a read's chunks usually are.
      const result = chunks.nextReady() ?? (await chunks.next());
      if (result.done) break;
      if (res.destroyed) {
        // The client left: ends the upstream read and records the request as closed by the client.
        await chunks.return?.();
        break;
      }
      const chunk = result.value;
      if (pending === '') setImmediate(flush);
      pending += sseData(toJsonText(chunk));
      // A provider that never waits would otherwise pile its whole answer up here within one tick.
      if (pending.length >= maxPendingText) flush();
      if (full) {
        // The socket's buffer is full: pull nothing more from the upstream until the client has read it.
        flush();
        full = false;
        if (res.writableNeedDrain) await drained(res);
      }
    }
    if (!res.destroyed) {
      // The last chunks usually arrive in the same read as the end: one write for both.
      const rest = pending;
      pending = '';
      res.end(rest + sseDone);
    }
  } catch (thrown) {
    // A throw of the stream has ended it already; one of this loop's own still has to end it, as for-await would.
    await chunks.return?.().catch(() => undefined);
    const error = toGatewayError(thrown);
    if (res.destroyed) return;
    const shown = error.expose ? error : new GatewayError({ code: 'internal_error', message: `Internal error. Quote request id ${id} when reporting it.` });
    const before = pending;
    pending = '';
    res.end(before + sseData(JSON.stringify(shown.toOpenAIError())));
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
