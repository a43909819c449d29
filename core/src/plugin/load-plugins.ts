import { coreLitellmSettings, litellmKeyedSections, litellmSettingNeeds, unimplementedLitellmSections } from '../config/litellm-settings.js';
import type { GatewayConfig, PluginEntry } from '../config/config-types.js';
import { createConfigAjv, describeErrors } from '../config/create-ajv.js';
import { ConfigError } from '../errors/gateway-error.js';
import { importModule } from './import-module.js';
import { isPluginV1, type PluginV1 } from './plugin-spec.js';

export interface LoadedPlugins {
  plugins: PluginV1[];
  /** Config keys that nothing implements, worth a warning at start-up. */
  warnings: string[];
}

/**
 * Loads the config's plugins in order, checks their core range and options, then makes sure every LiteLLM setting
 * the config uses is implemented: by core, by a listed plugin, or by the plugin that implements it, loaded here if
 * installed. What stays unimplemented is a warning, or for a critical setting an error.
 */
export async function loadPlugins(config: GatewayConfig, baseDir: string, coreVersion: string): Promise<LoadedPlugins> {
  const problems: string[] = [];
  const warnings: string[] = [];
  const plugins: PluginV1[] = [];
  // Loaded only when there is a plugin to check: a gateway without plugins keeps neither in memory.
  let satisfies: ((version: string, range: string) => boolean) | undefined;
  let ajv: ReturnType<typeof createConfigAjv> | undefined;

  const accept = async (plugin: PluginV1, label: string) => {
    satisfies ??= (await import('semver')).default.satisfies;
    if (!satisfies(coreVersion, plugin.core)) {
      problems.push(`${label}: needs @switchyard/core ${plugin.core}, this is ${coreVersion}`);
      return;
    }
    if (plugin.optionsSchema) {
      const validate = (ajv ??= createConfigAjv()).compile(plugin.optionsSchema);
      if (!validate(plugin.options)) {
        problems.push(...describeErrors(validate.errors ?? [], `${label}.options`));
        return;
      }
    }
    plugins.push(plugin);
  };

  for (const [index, entry] of (config.plugins ?? []).entries()) {
    if (isPluginV1(entry)) {
      await accept(entry, `plugins[${index}] (${entry.name})`);
      continue;
    }
    const { use, options } = entry as PluginEntry;
    const label = `plugins[${index}] (${use})`;
    try {
      const plugin = await instantiate(use, options ?? {}, baseDir);
      if (plugin === undefined) problems.push(`${label}: cannot find ${candidatesFor(use).join(' or ')}`);
      else if (plugin === 'invalid') problems.push(`${label}: the module's default export is not a plugin factory made with definePlugin`);
      else await accept(plugin, label);
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
    }
  }

  const claimed = new Set(coreLitellmSettings);
  for (const plugin of plugins) for (const key of plugin.litellmSettings ?? []) claimed.add(key);
  for (const section of litellmKeyedSections) {
    const values = config[section];
    if (!values) continue;
    for (const key of Object.keys(values)) {
      const dotted = `${section}.${key}`;
      if (claimed.has(dotted)) continue;
      const need = litellmSettingNeeds[dotted];
      if (need?.plugin && !plugins.some((plugin) => plugin.name === need.plugin)) {
        const plugin = await instantiate(need.plugin, {}, baseDir).catch(() => undefined);
        if (plugin !== undefined && plugin !== 'invalid') {
          await accept(plugin, `${dotted} (plugin ${need.plugin})`);
          for (const other of plugin.litellmSettings ?? []) claimed.add(other);
          if (claimed.has(dotted)) continue;
        }
      }
      const line = need?.plugin
        ? `${dotted} needs the plugin ${candidatesFor(need.plugin)[0]}, which is not installed (or does not implement it)`
        : `${dotted} is not implemented by Switchyard and is ignored`;
      if (need?.critical) problems.push(line);
      else warnings.push(line);
    }
  }
  for (const section of unimplementedLitellmSections) {
    if (config[section] !== undefined) warnings.push(`${section}: this LiteLLM section is not implemented by Switchyard and is ignored`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { plugins, warnings };
}

function candidatesFor(use: string): string[] {
  if (use.startsWith('.') || use.startsWith('/') || use.startsWith('@') || use.includes('/')) return [use];
  return [`@switchyard/plugin-${use}`, `switchyard-plugin-${use}`, use];
}

async function instantiate(use: string, options: Record<string, unknown>, baseDir: string): Promise<PluginV1 | 'invalid' | undefined> {
  for (const specifier of candidatesFor(use)) {
    const module = await importModule(specifier, baseDir);
    if (module === undefined) continue;
    const factory = module.default;
    if (typeof factory !== 'function') return 'invalid';
    const plugin = (factory as (options: unknown) => unknown)(options);
    return isPluginV1(plugin) ? plugin : 'invalid';
  }
  return undefined;
}
