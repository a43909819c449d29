import { serveGateway } from '@switchyard/core/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, createGateway } from '@switchyard/core';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fallback } from '../src/index.js';
import { cleanups, completion, deployment, faultyUpstream, hello, openAIError, runCleanups, silentLogger, startFaultGateway } from './fault-gateway.js';

afterEach(async () => {
  vi.useRealTimers();
  await runCleanups();
});

/** Moves fake time in small steps until the promise settles, so backoff waits pass without real sleeping. */
async function settle<T>(pending: Promise<T>): Promise<T> {
  let settled = false;
  const watched = pending.finally(() => (settled = true));
  while (!settled) {
    await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(100);
  }
  return watched;
}

describe('LiteLLM settings', () => {
  it('loads the installed plugin from litellm_settings keys in YAML with no plugins entry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const primary = await faultyUpstream(openAIError(500, null, 'server_error'));
    const spare = await faultyUpstream(completion('from spare'));
    const folder = mkdtempSync(join(tmpdir(), 'fallback-yaml-'));
    cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
    const configPath = join(folder, 'config.yaml');
    writeFileSync(
      configPath,
      [
        'model_list:',
        '  - model_name: gpt-4o',
        `    litellm_params: { model: openai/x, api_base: "${primary.url}/v1", api_key: sk-test-0123456789abcdef }`,
        '  - model_name: spare',
        `    litellm_params: { model: openai/x, api_base: "${spare.url}/v1", api_key: sk-test-0123456789abcdef }`,
        'litellm_settings:',
        '  num_retries: 2',
        '  fallbacks: [{ gpt-4o: [spare] }]',
        '',
      ].join('\n'),
    );
    const gateway = await createGateway(configPath, { logger: silentLogger });
    const { baseURL, close } = await serveGateway(gateway);
    cleanups.push(close);
    const client = new OpenAI({ baseURL, apiKey: 'sk-client', maxRetries: 0 });
    const { data, response } = await settle(client.chat.completions.create({ model: 'gpt-4o', messages: hello }).withResponse());
    expect([data.choices[0].message.content, response.headers.get('x-switchyard-attempts'), primary.requests.length, spare.requests.length]).toEqual([
      'from spare',
      '4',
      3,
      1,
    ]);
  });

  it('lets the plugin\'s own options win over router_settings', async () => {
    const primary = await faultyUpstream(openAIError(500, null, 'server_error'));
    const spare = await faultyUpstream(completion('from spare'));
    const { client } = await startFaultGateway(
      {
        model_list: [deployment('gpt-4o', 'gpt', primary), deployment('spare', 'spare', spare)],
        router_settings: { num_retries: 2, fallbacks: [{ 'gpt-4o': ['spare'] }] },
      },
      { plugin: { num_retries: 0 } },
    );
    await client.chat.completions.create({ model: 'gpt-4o', messages: hello });
    expect([primary.requests.length, spare.requests.length]).toEqual([1, 1]);
  });

  it('stops start-up on a LiteLLM value of the wrong type, naming the key', async () => {
    const upstream = await faultyUpstream(completion('unused'));
    const starting = createGateway(
      { model_list: [deployment('gpt-4o', 'gpt', upstream)], plugins: [fallback()], router_settings: { num_retries: 'two' } },
      { logger: silentLogger },
    );
    await expect(starting).rejects.toThrow(new ConfigError('plugin fallback: apply failed: router_settings.num_retries: has the wrong type'));
  });

  it('stops start-up on an unknown option, naming its path', async () => {
    const upstream = await faultyUpstream(completion('unused'));
    const error = await createGateway(
      { model_list: [deployment('gpt-4o', 'gpt', upstream)], plugins: [fallback({ num_retries: -1, retry_polcy: {} } as never)] },
      { logger: silentLogger },
    ).catch((thrown: unknown) => thrown);
    expect((error as ConfigError).problems).toEqual([
      'plugins[0] (fallback).options.retry_polcy: is not a known option',
      'plugins[0] (fallback).options.num_retries: must be >= 0',
    ]);
  });
});
