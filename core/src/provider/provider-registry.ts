import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors/gateway-error.js';
import { importModule } from '../plugin/import-module.js';
import type { Deployment } from './deployment.js';
import { isProviderV1, type ProviderV1 } from './provider-spec.js';

/** Which provider serves each model prefix. Filled from config at start-up; core lists no provider itself. */
export class ProviderRegistry {
  private readonly byPrefix = new Map<string, ProviderV1>();

  /** Serves `only` (default: all of the provider's prefixes) that no provider serves yet. */
  register(provider: ProviderV1, only?: ReadonlySet<string>): void {
    for (const prefix of provider.prefixes) if (!this.byPrefix.has(prefix) && (only === undefined || only.has(prefix))) this.byPrefix.set(prefix, provider);
  }

  get(prefix: string): ProviderV1 | undefined {
    return this.byPrefix.get(prefix);
  }

  get providers(): ProviderV1[] {
    return [...new Set(this.byPrefix.values())];
  }
}

/**
 * Loads the providers a config needs: those it lists under `providers:`, then for each prefix still unserved the
 * package `@switchyard/provider-<prefix>` or `switchyard-provider-<prefix>`, then any installed provider package that
 * declares the prefix.
 */
export async function loadProviders(listed: ReadonlyArray<string | ProviderV1>, deployments: readonly Deployment[], baseDir: string): Promise<ProviderRegistry> {
  const registry = new ProviderRegistry();
  const problems: string[] = [];
  for (const [index, entry] of listed.entries()) {
    if (typeof entry !== 'string') {
      if (isProviderV1(entry)) registry.register(entry);
      else problems.push(`providers[${index}]: not a ProviderV1 object (specificationVersion 'v1', id, prefixes, chat)`);
      continue;
    }
    const loaded = await importProvider(entry, baseDir);
    if (loaded === undefined) problems.push(`providers[${index}]: cannot find ${entry}`);
    else if (loaded === 'invalid') problems.push(`providers[${index}]: ${entry} does not export a ProviderV1 as its default export`);
    else registry.register(loaded);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const missing = () => [...new Set(deployments.map((deployment) => deployment.provider))].filter((prefix) => registry.get(prefix) === undefined);
  for (const prefix of missing()) {
    for (const name of packageNamesFor(prefix)) {
      const loaded = await importProvider(name, baseDir);
      if (loaded !== undefined && loaded !== 'invalid') {
        // Only the prefix it was found for: a package named for a prefix wins over another that also claims it.
        registry.register(loaded, new Set([prefix]));
        break;
      }
    }
  }
  if (missing().length > 0) {
    for (const name of await installedProviderPackages(baseDir)) {
      const loaded = await importProvider(name, baseDir);
      if (loaded !== undefined && loaded !== 'invalid') registry.register(loaded, new Set(missing()));
      if (missing().length === 0) break;
    }
  }
  for (const prefix of missing()) {
    const users = deployments.filter((deployment) => deployment.provider === prefix).map((deployment) => deployment.model_name);
    problems.push(`no provider serves the model prefix '${prefix}' (used by ${users.join(', ')}): install @switchyard/provider-${prefix} or list the provider package under providers:`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return registry;
}

async function importProvider(specifier: string, baseDir: string): Promise<ProviderV1 | 'invalid' | undefined> {
  const module = await importModule(specifier, baseDir);
  if (module === undefined) return undefined;
  const candidate = module.default ?? module.provider;
  return isProviderV1(candidate) ? candidate : 'invalid';
}

function packageNamesFor(prefix: string): string[] {
  const names = [prefix, prefix.replace(/_/g, '-')];
  return [...new Set(names.flatMap((name) => [`@switchyard/provider-${name}`, `switchyard-provider-${name}`]))];
}

/** Provider packages in the node_modules folders above the config's folder and above core. */
async function installedProviderPackages(baseDir: string): Promise<string[]> {
  const found = new Set<string>();
  const starts = [baseDir, dirname(fileURLToPath(import.meta.url))];
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      const modules = join(dir, 'node_modules');
      for (const name of await listDir(join(modules, '@switchyard'))) if (name.startsWith('provider-')) found.add(`@switchyard/${name}`);
      for (const name of await listDir(modules)) {
        if (name.startsWith('switchyard-provider-')) found.add(name);
        else if (name.startsWith('@') && name !== '@switchyard') {
          for (const scoped of await listDir(join(modules, name))) if (scoped.startsWith('switchyard-provider-')) found.add(`${name}/${scoped}`);
        }
      }
      if (dirname(dir) === dir) break;
    }
  }
  return [...found].sort();
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch {
    return [];
  }
}
