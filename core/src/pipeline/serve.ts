import type { Server } from 'node:http';
import Koa from 'koa';
import { GatewayError } from '../errors/gateway-error.js';
import type { Gateway } from './create-gateway.js';
import { requestId, writeError } from './koa-middleware.js';

export interface ListenOptions {
  port?: number;
  host?: string;
}

/** A Koa app serving only the gateway: its routes, and an OpenAI-shaped 404 for anything else. */
export function createKoaApp(gateway: Gateway): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(gateway.koaMiddleware());
  app.use((ctx) => {
    writeError(ctx, new GatewayError({ code: 'not_found', message: `There is no route ${ctx.method} ${ctx.path}.` }), requestId(ctx.req));
  });
  app.on('error', (error) => gateway.logger.error('unhandled server error', { error }));
  return app;
}

/** Listens on host:port (default 127.0.0.1:4000, port 0 for any free one). */
export function listen(gateway: Gateway, options: ListenOptions = {}): Promise<Server> {
  const server = createKoaApp(gateway).listen({ port: options.port ?? gateway.config.server?.port ?? 4000, host: options.host ?? gateway.config.server?.host ?? '127.0.0.1' });
  // Streams may run for minutes; Node's defaults would cut idle keep-alive sockets the load balancer still holds.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}
