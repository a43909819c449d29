import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../config/config-types.js';
import { ConfigError } from '../errors/gateway-error.js';
import { createLogger } from '../log/logger.js';
import { createGateway } from '../pipeline/create-gateway.js';
import { loadPlugins } from './load-plugins.js';
import { definePlugin, isPluginV1 } from './plugin-spec.js';

interface BudgetsOptions {
  store: string;
  /** Filled in from the schema's default when left out. */
  window?: 'day' | 'month';
  default_limit_usd?: number;
}

const budgets = definePlugin<BudgetsOptions>({
  name: 'budgets',
  core: '^1.0.0',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['store'],
    properties: {
      store: { type: 'string', description: 'keyv URL where spend is kept' },
      window: { type: 'string', enum: ['day', 'month'], default: 'month', description: 'Budget reset period' },
      default_limit_usd: { type: 'number', minimum: 0, description: 'Limit for keys without one' },
    },
  },
  apply() {},
});

const model_list: GatewayConfig['model_list'] = [{ model_name: 'x', litellm_params: { model: 'mock/x' } }];
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'switchyard-plugins-'));
  // Plugin modules with no imports, so they load from a folder outside the workspace.
  await writeFile(
    join(folder, 'local-plugin.mjs'),
    [
      "const optionsSchema = { type: 'object', additionalProperties: false, properties: { level: { type: 'integer', description: 'how much' } } };",
      "export default (options) => ({ specificationVersion: 'v1', name: 'local', core: '^1.0.0', optionsSchema, options: options ?? {}, apply() {} });",
      '',
    ].join('\n'),
  );
  await writeFile(join(folder, 'not-a-plugin.mjs'), 'export default 42;\n');
  await writeFile(join(folder, 'throws-on-load.mjs'), "throw new Error('cannot load me');\n");
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function problemsOf(config: GatewayConfig, coreVersion = '1.0.0'): Promise<readonly string[]> {
  try {
    await loadPlugins(config, folder, coreVersion);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('plugin options', () => {
  it('names the plugin and the option path when an option is not one of its values', async () => {
    const problems = await problemsOf({ model_list, plugins: [budgets({ store: 'redis://127.0.0.1:6379', window: 'week' as 'day' })] });
    expect(problems).toEqual(['plugins[0] (budgets).options.window: must be one of "day", "month"']);
  });

  it('names a misspelt option', async () => {
    const problems = await problemsOf({ model_list, plugins: [budgets({ store: 'memory://', windw: 'day' } as unknown as BudgetsOptions)] });
    expect(problems).toEqual(['plugins[0] (budgets).options.windw: is not a known option']);
  });

  it('names a missing required option', async () => {
    const problems = await problemsOf({ model_list, plugins: [budgets({} as BudgetsOptions)] });
    expect(problems).toEqual(['plugins[0] (budgets).options.store: is required']);
  });

  it('reports the problems of every plugin at once, by index', async () => {
    const problems = await problemsOf({ model_list, plugins: [budgets({ store: 'memory://' }), budgets({ store: 'memory://', default_limit_usd: -1 })] });
    expect(problems).toEqual(['plugins[1] (budgets).options.default_limit_usd: must be >= 0']);
  });

  it('fills in defaults from the schema', async () => {
    const { plugins } = await loadPlugins({ model_list, plugins: [budgets({ store: 'memory://' })] }, folder, '1.0.0');
    expect(plugins[0].options).toEqual({ store: 'memory://', window: 'month' });
  });

  it('checks options given through YAML use: and names the entry as written', async () => {
    const problems = await problemsOf({ model_list, plugins: [{ use: './local-plugin.mjs', options: { level: 'high' } }] });
    expect(problems).toEqual(['plugins[0] (./local-plugin.mjs).options.level: must be integer']);
  });
});

describe('core range', () => {
  it('refuses at boot a plugin whose core range excludes this core', async () => {
    const future = definePlugin({ name: 'future', core: '^2.0.0', apply() {} });
    const problems = await problemsOf({ model_list, plugins: [future()] });
    expect(problems).toEqual(['plugins[0] (future): needs @switchyard/core ^2.0.0, this is 1.0.0']);
  });

  it('stops createGateway when a plugin needs another core', async () => {
    const future = definePlugin({ name: 'future', core: '^2.0.0', apply() {} });
    const error = await createGateway({ model_list, plugins: [future()] }, { logger: createLogger({ level: 'silent' }) }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['plugins[0] (future): needs @switchyard/core ^2.0.0, this is 1.0.0']);
  });

  it('accepts a plugin whose range includes this core', async () => {
    const current = definePlugin({ name: 'current', core: '>=1.0.0 <2', apply() {} });
    const { plugins } = await loadPlugins({ model_list, plugins: [current()] }, folder, '1.4.2');
    expect(plugins.map((plugin) => plugin.name)).toEqual(['current']);
  });
});

describe('YAML use:', () => {
  it('loads a plugin from a path relative to the config folder, with its options', async () => {
    const { plugins } = await loadPlugins({ model_list, plugins: [{ use: './local-plugin.mjs', options: { level: 3 } }] }, folder, '1.0.0');
    expect(plugins.map((plugin) => [plugin.name, plugin.options])).toEqual([['local', { level: 3 }]]);
  });

  it('names every package it tried when a plugin cannot be found', async () => {
    const problems = await problemsOf({ model_list, plugins: [{ use: 'no-such-thing' }] });
    expect(problems).toEqual(['plugins[0] (no-such-thing): cannot find @switchyard/plugin-no-such-thing or switchyard-plugin-no-such-thing or no-such-thing']);
  });

  it('refuses a module whose default export is not a plugin factory', async () => {
    const problems = await problemsOf({ model_list, plugins: [{ use: './not-a-plugin.mjs' }] });
    expect(problems).toEqual(["plugins[0] (./not-a-plugin.mjs): the module's default export is not a plugin factory made with definePlugin"]);
  });

  it('reports a module that throws while loading', async () => {
    const problems = await problemsOf({ model_list, plugins: [{ use: './throws-on-load.mjs' }] });
    expect(problems).toEqual(['plugins[0] (./throws-on-load.mjs): cannot load me']);
  });
});

describe('definePlugin', () => {
  it('returns a factory carrying the name, schema and core range', () => {
    expect([budgets.pluginName, budgets.core, (budgets.optionsSchema as { required: string[] }).required]).toEqual(['budgets', '^1.0.0', ['store']]);
  });

  it('makes a PluginV1 holding the options given', () => {
    const plugin = budgets({ store: 'memory://', window: 'day' });
    expect(isPluginV1(plugin)).toBe(true);
    expect([plugin.specificationVersion, plugin.name, plugin.options]).toEqual(['v1', 'budgets', { store: 'memory://', window: 'day' }]);
  });
});
