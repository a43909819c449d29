import { createServer, type Server } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, createLogger, type Gateway } from '@switchyard/core';

let gateway: Gateway;
let server: Server;
const appErrors: unknown[] = [];

beforeAll(async () => {
  gateway = await createGateway(
    { model_list: [{ model_name: 'x', litellm_params: { model: 'mock/x', mock_response: 'hello there' } }] },
    { logger: createLogger({ level: 'silent' }) },
  );
  const app = new Koa();
  app.silent = true;
  app.on('error', (error) => appErrors.push(error));
  // The host app's own middleware and routes, before and after the gateway's.
  app.use(async (ctx, next) => {
    await next();
    ctx.set('x-host-app', 'yes');
  });
  app.use(gateway.koaMiddleware({ prefix: '/llm' }));
  const router = new Router();
  router.get('/hello', (ctx) => {
    ctx.body = { hello: 'from the app' };
  });
  router.post('/echo', async (ctx) => {
    let text = '';
    for await (const chunk of ctx.req) text += String(chunk);
    ctx.body = { received: text };
  });
  app.use(router.routes());
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await gateway.close(0);
});

const hello = { model: 'x', messages: [{ role: 'user', content: 'hi' }] };

describe('koaMiddleware mounted under /llm in a Koa app', () => {
  it('answers chat completions under the prefix', async () => {
    const response = await request(server).post('/llm/v1/chat/completions').send(hello).expect(200);
    expect([response.body.object, response.body.choices[0].message]).toEqual(['chat.completion', { role: 'assistant', content: 'hello there' }]);
  });

  it('streams under the prefix', async () => {
    const response = await request(server).post('/llm/v1/chat/completions').send({ ...hello, stream: true }).buffer(true).expect(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const text = response.text;
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const contents = text
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: {'))
      .map((frame) => (JSON.parse(frame.slice(6)) as { choices: Array<{ delta: { content?: string } }> }).choices[0].delta.content ?? '');
    expect(contents.join('')).toBe('hello there');
  });

  it('lists models under the prefix', async () => {
    const response = await request(server).get('/llm/v1/models').expect(200);
    expect(response.body.data.map((model: { id: string }) => model.id)).toEqual(['x']);
  });

  it('answers errors in OpenAI shape under the prefix', async () => {
    const response = await request(server).post('/llm/v1/chat/completions').send({ ...hello, model: 'nope' }).expect(404);
    expect(response.body.error.code).toBe('model_not_found');
  });

  it('answers a wrong method on one of its routes with 405', async () => {
    const response = await request(server).get('/llm/v1/chat/completions').expect(405);
    expect(response.body).toEqual({ error: { message: 'GET is not allowed on /llm/v1/chat/completions; use POST.', type: 'invalid_request_error', param: null, code: 'method_not_allowed' } });
  });

  it("keeps the app's own GET route working", async () => {
    const response = await request(server).get('/hello').expect(200);
    expect(response.body).toEqual({ hello: 'from the app' });
  });

  it("leaves the app's own request bodies for the app to read", async () => {
    const response = await request(server).post('/echo').set('content-type', 'text/plain').send('plain text').expect(200);
    expect(response.body).toEqual({ received: 'plain text' });
  });

  it("leaves a path under the prefix that is not a gateway route to the app's own 404", async () => {
    const response = await request(server).get('/llm/admin').expect(404);
    expect(response.text).toBe('Not Found');
  });

  it("does not serve the gateway's routes outside the prefix", async () => {
    await request(server).post('/v1/chat/completions').send(hello).expect(404);
  });

  it("runs the app's middleware around the gateway's answers", async () => {
    const response = await request(server).post('/llm/v1/chat/completions').send(hello).expect(200);
    expect(response.headers['x-host-app']).toBe('yes');
  });

  it("never hands a gateway error to the app's error handler", async () => {
    await request(server).post('/llm/v1/chat/completions').set('content-type', 'application/json').send('{broken').expect(400);
    expect(appErrors).toEqual([]);
  });
});
