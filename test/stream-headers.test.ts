import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, createLogger, definePlugin, type Gateway } from '@switchyard/core';

// A plugin that names the deployment, as the fallback plugin does, and also tries to change a header core owns.
const headers = definePlugin({
  name: 'headers',
  core: '^1.0.0',
  apply(hooks) {
    hooks.wrapDispatch.tap('headers', (next) => async (context, deployment, options) => {
      const result = await next(context, deployment, options);
      context.responseHeaders['x-served-by'] = deployment.id;
      context.responseHeaders['Content-Type'] = 'text/plain';
      return result;
    });
  },
});

let gateway: Gateway;
let server: Server;
let base: string;

beforeAll(async () => {
  gateway = await createGateway(
    { model_list: [{ model_name: 'x', litellm_params: { model: 'mock/x', mock_response: 'hi' }, model_info: { id: 'mock-1' } }], plugins: [headers()] },
    { logger: createLogger({ level: 'silent' }) },
  );
  server = await gateway.listen({ port: 0 });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await gateway.close(0);
});

describe("a plugin's response headers", () => {
  it("reach a streamed answer, except one that would replace a header core sets on every stream", async () => {
    const response = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-7' },
      body: JSON.stringify({ model: 'x', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.text();
    expect([response.status, response.headers.get('x-served-by'), response.headers.get('content-type'), response.headers.get('x-request-id')]).toEqual([
      200,
      'mock-1',
      'text/event-stream; charset=utf-8',
      'req-7',
    ]);
  });
});
