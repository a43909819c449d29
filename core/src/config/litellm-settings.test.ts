import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/gateway-error.js';
import { createLogger } from '../log/logger.js';
import { createGateway, type Gateway } from '../pipeline/create-gateway.js';
import { definePlugin } from '../plugin/plugin-spec.js';
import type { GatewayConfig } from './config-types.js';

const model_list = [{ model_name: 'x', litellm_params: { model: 'mock/x' } }];
const quiet = createLogger({ level: 'silent' });
let gateway: Gateway | undefined;

afterEach(async () => {
  await gateway?.close(0);
  gateway = undefined;
});

async function startupProblems(config: GatewayConfig): Promise<readonly string[]> {
  try {
    gateway = await createGateway(config, { logger: quiet });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected start-up to fail');
}

describe('LiteLLM settings at start-up', () => {
  it('refuses to start when general_settings.master_key is set and no auth plugin is installed', async () => {
    const problems = await startupProblems({ model_list, general_settings: { master_key: 'sk-1234' } });
    expect(problems).toEqual(['general_settings.master_key needs the plugin @switchyard/plugin-auth-keys, which is not installed (or does not implement it)']);
  });

  // The cache plugin is not written yet (its issue comes later); when it is, pick another key nothing installed claims.
  it('warns, naming the plugin, when a LiteLLM key is set whose plugin is not installed', async () => {
    gateway = await createGateway({ model_list, litellm_settings: { cache: true } }, { logger: quiet });
    expect(gateway.warnings).toEqual(['litellm_settings.cache needs the plugin @switchyard/plugin-cache, which is not installed (or does not implement it)']);
  });

  it('accepts the settings core implements without a warning', async () => {
    gateway = await createGateway({ model_list, litellm_settings: { drop_params: true, request_timeout: 30, set_verbose: false, json_logs: true } }, { logger: quiet });
    expect(gateway.warnings).toEqual([]);
  });

  it('warns that a key nothing implements is ignored', async () => {
    gateway = await createGateway({ model_list, litellm_settings: { telemetry: false } }, { logger: quiet });
    expect(gateway.warnings).toEqual(['litellm_settings.telemetry is not implemented by Switchyard and is ignored']);
  });

  it('warns that an unimplemented LiteLLM section is ignored', async () => {
    gateway = await createGateway({ model_list, guardrails: [] }, { logger: quiet });
    expect(gateway.warnings).toEqual(['guardrails: this LiteLLM section is not implemented by Switchyard and is ignored']);
  });

  it('stays quiet about a key a listed plugin claims', async () => {
    const router = definePlugin({ name: 'my-router', core: '^1.0.0', litellmSettings: ['router_settings.routing_strategy'], apply() {} });
    gateway = await createGateway({ model_list, plugins: [router()], router_settings: { routing_strategy: 'least-busy' } }, { logger: quiet });
    expect(gateway.warnings).toEqual([]);
  });

  it('starts with general_settings.master_key when a listed plugin claims it', async () => {
    const auth = definePlugin({ name: 'my-auth', core: '^1.0.0', litellmSettings: ['general_settings.master_key'], apply() {} });
    gateway = await createGateway({ model_list, plugins: [auth()], general_settings: { master_key: 'sk-1234' } }, { logger: quiet });
    expect(gateway.plugins.map((plugin) => plugin.name)).toEqual(['my-auth']);
  });
});
