import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, GatewayError, PluginError } from '../errors/gateway-error.js';
import { createLogger } from '../log/logger.js';
import { createGateway, type Gateway } from '../pipeline/create-gateway.js';
import { definePlugin, type PluginV1 } from '../plugin/plugin-spec.js';
import type { GatewayHooks } from './create-gateway-hooks.js';

const model_list = [{ model_name: 'x', litellm_params: { model: 'mock/x', mock_response: 'hello there' } }];
const gateways: Gateway[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close(0)));
});

async function start(plugins: PluginV1[]) {
  const lines: string[] = [];
  const gateway = await createGateway({ model_list, plugins }, { logger: createLogger({ write: (line) => lines.push(line) }) });
  gateways.push(gateway);
  return { gateway, lines };
}

async function serve(gateway: Gateway): Promise<string> {
  const server = await gateway.listen({ port: 0, host: '127.0.0.1' });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

const hello = { model: 'x', messages: [{ role: 'user' as const, content: 'hi' }] };

/** The fields of the text log line `<level> <message> {json}`. */
function logFields(lines: readonly string[], start: string): Record<string, unknown> {
  const line = lines.find((candidate) => candidate.startsWith(start));
  if (line === undefined) throw new Error(`no log line starts with ${start}: ${lines.join('\n')}`);
  return JSON.parse(line.slice(start.length + 1)) as Record<string, unknown>;
}

function tapping(name: string, apply: (hooks: GatewayHooks) => void): PluginV1 {
  return definePlugin({ name, core: '^1.0.0', apply })();
}

describe('errors thrown by taps', () => {
  it('sends a GatewayError thrown by a tap to the client unchanged', async () => {
    const guard = tapping('guard', (hooks) =>
      hooks.admit.tapPromise('guard', async () => {
        throw new GatewayError({ code: 'permission_denied', message: 'This key may not use x.', param: 'model', headers: { 'x-guard': 'denied' } });
      }),
    );
    const { gateway } = await start([guard]);
    const response = await post(await serve(gateway), hello);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-guard')).toBe('denied');
    expect(await response.json()).toEqual({ error: { message: 'This key may not use x.', type: 'permission_error', param: 'model', code: 'permission_denied' } });
  });

  it('answers a plain Error thrown by a tap with a 500 that shows only internal error and the request id', async () => {
    const broken = tapping('broken', (hooks) =>
      hooks.admit.tapPromise('broken', async () => {
        throw new Error('database password is hunter2');
      }),
    );
    const { gateway } = await start([broken]);
    const response = await post(await serve(gateway), hello, { 'x-request-id': 'req-42' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { message: 'Internal error. Quote request id req-42 when reporting it.', type: 'server_error', param: null, code: 'internal_error' } });
  });

  it('logs a plain Error thrown by a tap as a PluginError naming the plugin and the hook', async () => {
    const broken = tapping('broken', (hooks) =>
      hooks.admit.tapPromise('broken', async () => {
        throw new Error('database down');
      }),
    );
    const { gateway, lines } = await start([broken]);
    await post(await serve(gateway), hello, { 'x-request-id': 'req-43' });
    const fields = logFields(lines, 'error request failed');
    expect({ ...fields, error: { ...(fields.error as object), stack: 'stack' } }).toEqual({
      request_id: 'req-43',
      status: 500,
      code: 'plugin_error',
      model: 'x',
      reason: 'plugin broken failed in admit',
      error: { name: 'Error', message: 'database down', stack: 'stack' },
    });
  });

  it('wraps a throw from a synchronous tap too', async () => {
    const broken = tapping('broken-sync', (hooks) =>
      hooks.requestReceived.tap('broken-sync', () => {
        throw new TypeError('x is undefined');
      }),
    );
    const { gateway } = await start([broken]);
    const error = await gateway.chat.completions.create(hello).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PluginError);
    expect({ plugin: (error as PluginError).plugin, hook: (error as PluginError).hook, cause: ((error as PluginError).cause as Error).message }).toEqual({
      plugin: 'broken-sync',
      hook: 'requestReceived',
      cause: 'x is undefined',
    });
  });

  it('wraps an error a callback-style tap passes to its callback', async () => {
    const broken = tapping('broken-async', (hooks) => hooks.admit.tapAsync('broken-async', (_context, callback) => callback(new Error('nope'))));
    const { gateway } = await start([broken]);
    const error = await gateway.chat.completions.create(hello).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PluginError);
    expect([(error as PluginError).plugin, (error as PluginError).hook]).toEqual(['broken-async', 'admit']);
  });

  it('wraps a plain Error thrown by authenticate', async () => {
    const broken = tapping('auth', (hooks) =>
      hooks.authenticate.tapPromise('auth', async () => {
        throw new Error('key store unreachable');
      }),
    );
    const { gateway } = await start([broken]);
    await expect(gateway.chat.completions.create(hello)).rejects.toMatchObject({ code: 'plugin_error', plugin: 'auth', hook: 'authenticate' });
  });
});

describe('observers', () => {
  it('does not fail the request when a requestFinished observer throws', async () => {
    const observer = tapping('langfuse', (hooks) =>
      hooks.requestFinished.tap('langfuse', () => {
        throw new Error('langfuse is down');
      }),
    );
    const { gateway } = await start([observer]);
    const response = await post(await serve(gateway), hello);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toBe('hello there');
  });

  it('logs the throwing observer by plugin and hook', async () => {
    const observer = tapping('langfuse', (hooks) =>
      hooks.requestFinished.tap('langfuse', () => {
        throw new Error('langfuse is down');
      }),
    );
    const { gateway, lines } = await start([observer]);
    await gateway.chat.completions.create(hello);
    const fields = logFields(lines, 'error observer langfuse failed in requestFinished');
    expect((fields.error as { message: string }).message).toBe('langfuse is down');
  });

  it('still runs the later observers after one throws', async () => {
    const seen: string[] = [];
    const first = tapping('first', (hooks) =>
      hooks.requestFinished.tap('first', () => {
        throw new Error('first fails');
      }),
    );
    const second = tapping('second', (hooks) => hooks.requestFinished.tap('second', () => void seen.push('second')));
    const { gateway } = await start([first, second]);
    await gateway.chat.completions.create(hello);
    expect(seen).toEqual(['second']);
  });

  it('does not fail the request when an attemptFinished observer throws', async () => {
    const observer = tapping('metrics', (hooks) =>
      hooks.attemptFinished.tap('metrics', () => {
        throw new Error('metrics down');
      }),
    );
    const { gateway } = await start([observer]);
    await expect(gateway.chat.completions.create(hello)).resolves.toMatchObject({ object: 'chat.completion' });
  });
});

describe('isUsed', () => {
  it("says a hook nobody tapped is unused, despite core's own interceptor", async () => {
    const { gateway } = await start([tapping('admitter', (hooks) => hooks.admit.tapPromise('admitter', async () => undefined))]);
    expect([gateway.hooks.admit.isUsed(), gateway.hooks.transformChunk.isUsed(), gateway.hooks.requestFinished.isUsed()]).toEqual([true, false, false]);
  });
});

describe('async observers', () => {
  it('logs a promise an observer returns that rejects, and the request succeeds', async () => {
    let markLogged!: () => void;
    const logged = new Promise<void>((resolve) => (markLogged = resolve));
    const observer = tapping('spend', (hooks) =>
      hooks.requestFinished.tap('spend', (() => Promise.reject(new Error('ledger offline'))) as unknown as () => void),
    );
    const lines: string[] = [];
    const gateway = await createGateway(
      { model_list, plugins: [observer] },
      {
        logger: createLogger({
          write: (line) => {
            lines.push(line);
            if (line.startsWith('error observer spend')) markLogged();
          },
        }),
      },
    );
    gateways.push(gateway);
    await expect(gateway.chat.completions.create(hello)).resolves.toMatchObject({ object: 'chat.completion' });
    await logged;
    expect((logFields(lines, 'error observer spend failed in requestFinished').error as { message: string }).message).toBe('ledger offline');
  });
});

describe('taps after start', () => {
  it('refuses a tap made after the gateway started with a ConfigError', async () => {
    let saved: GatewayHooks | undefined;
    const sneaky = tapping('sneaky', (hooks) => void (saved = hooks));
    await start([sneaky]);
    expect(() => saved!.admit.tap('sneaky', () => undefined)).toThrow(ConfigError);
    expect(() => saved!.admit.tap('sneaky', () => undefined)).toThrow('plugin sneaky tapped admit after the gateway started; tap in apply()');
  });

  it('refuses a tap on gateway.hooks after start', async () => {
    const { gateway } = await start([]);
    expect(() => gateway.hooks.requestFinished.tap('late', () => undefined)).toThrow('plugin late tapped requestFinished after the gateway started; tap in apply()');
  });

  it('accepts taps made in ready, before the gateway is sealed', async () => {
    const seen: string[] = [];
    const lazy = tapping('lazy', (hooks) =>
      hooks.ready.tapPromise('lazy', async () => {
        hooks.requestFinished.tap('lazy', () => void seen.push('finished'));
      }),
    );
    const { gateway } = await start([lazy]);
    await gateway.chat.completions.create(hello);
    expect(seen).toEqual(['finished']);
  });
});

describe('start-up failures in plugins', () => {
  it('turns a throw in apply into a ConfigError naming the plugin', async () => {
    const broken = tapping('broken', () => {
      throw new Error('bad regex');
    });
    await expect(start([broken])).rejects.toThrow(new ConfigError('plugin broken: apply failed: bad regex'));
  });

  it('turns a throw in ready into a ConfigError', async () => {
    const broken = tapping('store', (hooks) =>
      hooks.ready.tapPromise('store', async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      }),
    );
    const error = await start([broken]).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['start-up failed in ready: plugin store failed in ready: connect ECONNREFUSED 127.0.0.1:6379']);
  });
});
