import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGateway, type Logger } from '@switchyard/core';
import { afterEach, describe, expect, it } from 'vitest';
import { openStream, serve, stop, type Served } from './gateway-harness.js';

const configPath = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'litellm-least-busy.yaml');

/** Aborting a stream on purpose is logged by core as a failed request; these tests need no such lines. */
const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('router_settings from a LiteLLM config with no plugins entry', () => {
  let served: Served | undefined;
  afterEach(async () => {
    if (served !== undefined) await stop(served);
    served = undefined;
  });

  it('loads the router by itself, so no start-up warning reports routing_strategy as needing it', async () => {
    served = await serve(await createGateway(configPath, { logger: silent }));
    expect(served.gateway.warnings).toEqual([]);
  });

  it('routes least-busy: a request goes to the idle deployment while a stream holds the other', async () => {
    served = await serve(await createGateway(configPath, { logger: silent }));
    const first = await openStream(served.client);
    const second = await openStream(served.client);
    first.abort();
    second.abort();
    expect([first.model, second.model].sort()).toEqual(['left', 'right']);
  });
});
