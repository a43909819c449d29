import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The import boundaries and package shapes of docs/architecture.md, checked over every workspace package and every
 * import in core/src, providers/<name>/src and plugins/<name>/src, as unstorage checks its drivers' dependencies.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Providers another provider may import: shared bases whose mappings docs/architecture.md documents as reused (Azure
 * speaks OpenAI's wire format; Vertex serves Gemini's and Anthropic's). A new one is added here and in the docs together.
 */
const sharedProviderBases: ReadonlySet<string> = new Set<string>(['@switchyard/provider-openai', '@switchyard/provider-anthropic', '@switchyard/provider-gemini']);

interface PackageJson {
  name: string;
  private?: boolean;
  type?: string;
  sideEffects?: boolean;
  exports?: Record<string, unknown>;
  files?: string[];
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface WorkspacePackage {
  dir: string;
  /** `core/`, `providers/mock`… relative to the root, for test names. */
  path: string;
  json: PackageJson;
  kind: 'core' | 'provider' | 'plugin' | 'example';
}

function workspacePackages(): WorkspacePackage[] {
  const rootJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
  const dirs = rootJson.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)) : [];
  });
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const path = relative(root, dir).split(sep).join('/');
      const kind = path === 'core' ? 'core' : path.startsWith('providers/') ? 'provider' : path.startsWith('plugins/') ? 'plugin' : 'example';
      return { dir, path, kind, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson };
    });
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(c|m)?[jt]s$/.test(name) ? [path] : [];
  });
}

const importPatterns = [
  /\b(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"\n]+)['"]/g,
  /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];

/** Every module specifier a source file imports, exports from, or loads with import()/require(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return importPatterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]));
}

const builtins = new Set(builtinModules);
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]);
const isRelative = (specifier: string) => specifier.startsWith('.') || specifier.startsWith('/');
/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const isProviderPackage = (name: string) => /^@switchyard\/provider-|^(@[^/]+\/)?switchyard-provider-/.test(name);
const isPluginPackage = (name: string) => /^@switchyard\/plugin-|^(@[^/]+\/)?switchyard-plugin-/.test(name);
const isTestFile = (file: string) => /\.test(-d)?\.[cm]?[jt]s$/.test(file) || file.includes(`${sep}testing${sep}`);

interface ImportSite {
  file: string;
  specifier: string;
}

const packages = workspacePackages();
const checked = packages.filter((pkg) => pkg.kind !== 'example');
const importsByPackage = new Map(
  checked.map((pkg) => [pkg, sourceFiles(join(pkg.dir, 'src')).flatMap((file) => importsOf(file).map((specifier) => ({ file: relative(root, file), specifier })))]),
);

const show = (sites: ImportSite[]) => sites.map((site) => `${site.file} imports ${site.specifier}`);
const bare = (pkg: WorkspacePackage) => importsByPackage.get(pkg)!.filter((site) => !isRelative(site.specifier) && !isBuiltin(site.specifier));

describe('the workspace', () => {
  it('has core, the mock provider, and finds imports to check', () => {
    expect(packages.map((pkg) => pkg.path)).toEqual(expect.arrayContaining(['core', 'providers/mock']));
    expect(importsByPackage.get(packages.find((pkg) => pkg.path === 'core')!)!.length).toBeGreaterThan(50);
  });
});

describe.each(checked.map((pkg) => [pkg.path, pkg] as const))('%s imports', (_path, pkg) => {
  it('never reach outside the package folder by a relative path', () => {
    const escaping = importsByPackage.get(pkg)!.filter((site) => {
      if (!isRelative(site.specifier)) return false;
      const target = resolve(dirname(join(root, site.file)), site.specifier);
      return !target.startsWith(pkg.dir + sep);
    });
    expect(show(escaping)).toEqual([]);
  });

  it('name only packages its package.json declares (tests may use dev and root dev dependencies)', () => {
    const rootJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
    const declared = new Set([pkg.json.name, ...Object.keys(pkg.json.dependencies ?? {}), ...Object.keys(pkg.json.peerDependencies ?? {})]);
    const forTests = new Set([...declared, ...Object.keys(pkg.json.devDependencies ?? {}), ...Object.keys(rootJson.devDependencies ?? {}), '@switchyard/core']);
    const undeclared = bare(pkg).filter((site) => !(isTestFile(site.file) ? forTests : declared).has(packageOf(site.specifier)));
    expect(show(undeclared)).toEqual([]);
  });

  if (pkg.kind === 'core') {
    it('include no provider or plugin', () => {
      expect(show(bare(pkg).filter((site) => isProviderPackage(packageOf(site.specifier)) || isPluginPackage(packageOf(site.specifier))))).toEqual([]);
    });
  }

  if (pkg.kind === 'plugin') {
    it('include no other plugin and no provider', () => {
      const name = pkg.json.name;
      const reaching = bare(pkg).filter((site) => {
        const target = packageOf(site.specifier);
        return (isPluginPackage(target) && target !== name) || isProviderPackage(target);
      });
      expect(show(reaching)).toEqual([]);
    });
  }

  if (pkg.kind === 'provider') {
    it('include no other provider, except documented shared bases, and no plugin', () => {
      const name = pkg.json.name;
      const reaching = bare(pkg).filter((site) => {
        const target = packageOf(site.specifier);
        return (isProviderPackage(target) && target !== name && !sharedProviderBases.has(target)) || isPluginPackage(target);
      });
      expect(show(reaching)).toEqual([]);
    });
  }

  if (pkg.kind === 'provider' || pkg.kind === 'plugin') {
    it('use neither tapable nor undici: core hands over hooks and HTTP', () => {
      expect(show(bare(pkg).filter((site) => ['tapable', 'undici'].includes(packageOf(site.specifier))))).toEqual([]);
    });
  }
});

describe.each(packages.filter((pkg) => pkg.kind === 'provider' || pkg.kind === 'plugin').map((pkg) => [pkg.path, pkg] as const))('%s package.json', (_path, pkg) => {
  it('lists @switchyard/core as a peer dependency, not a dependency', () => {
    expect([pkg.json.peerDependencies?.['@switchyard/core'] !== undefined, pkg.json.dependencies?.['@switchyard/core']]).toEqual([true, undefined]);
  });

  it('depends on neither tapable nor undici', () => {
    const all = { ...pkg.json.dependencies, ...pkg.json.peerDependencies, ...pkg.json.devDependencies };
    expect(Object.keys(all).filter((name) => name === 'tapable' || name === 'undici')).toEqual([]);
  });
});

describe.each(packages.filter((pkg) => !pkg.json.private).map((pkg) => [pkg.path, pkg] as const))('published package %s', (_path, pkg) => {
  it('is an ES module package with no side effects', () => {
    expect([pkg.json.type, pkg.json.sideEffects]).toEqual(['module', false]);
  });

  it('gives types with every export', () => {
    const exports = pkg.json.exports ?? {};
    expect(Object.keys(exports)).toContain('.');
    const untyped = Object.entries(exports).filter(([key, target]) => key !== './package.json' && (typeof target !== 'object' || target === null || !('types' in target)));
    expect(untyped.map(([key]) => key)).toEqual([]);
  });

  it('publishes only dist (and core its model catalog)', () => {
    expect(pkg.json.files).toEqual(pkg.path === 'core' ? ['dist', 'catalog'] : ['dist']);
  });

  it('needs Node >=20.18', () => {
    expect(pkg.json.engines?.node).toBe('>=20.18');
  });
});
