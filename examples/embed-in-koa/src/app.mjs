// @ts-check
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Router from '@koa/router';
import Koa from 'koa';
import { createGateway } from '@switchyard/core';

/**
 * The host application: a Koa app with routes of its own and a Switchyard gateway mounted under /llm.
 * Returns the gateway as well, because whoever owns the server must also close the gateway.
 */
export async function createApp() {
  const gateway = await createGateway(
    { model_list: [{ model_name: 'mock-gpt', litellm_params: { model: 'mock/mock-gpt' } }] },
    // Core looks provider packages up from baseDir. This package is the one that depends on
    // @switchyard/provider-mock, so look from here and the app starts from any working directory.
    { baseDir: dirname(fileURLToPath(import.meta.url)) },
  );

  const router = new Router();
  router.get('/hello', (ctx) => {
    ctx.body = { message: 'Hello from the host app' };
  });

  const app = new Koa();
  // The gateway reads the raw request body itself. Mount it before any body parser: a parser that ran first
  // would already have drained the request stream.
  app.use(gateway.koaMiddleware({ prefix: '/llm' }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, gateway };
}
