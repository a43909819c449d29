import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Imports a package name or a path for the config: paths resolve against the config's folder, package names first
 * from there, then from core's own location. Returns undefined when the module does not exist; a module that exists
 * but throws while loading is an error.
 */
export async function importModule(specifier: string, baseDir: string): Promise<Record<string, unknown> | undefined> {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier);
  let target: string;
  if (isPath) {
    target = pathToFileURL(resolve(baseDir, specifier)).href;
  } else {
    try {
      target = pathToFileURL(createRequire(join(baseDir, 'noop.js')).resolve(specifier)).href;
    } catch (error) {
      if (!isNotFound(error, specifier)) throw error;
      target = specifier;
    }
  }
  try {
    return (await import(target)) as Record<string, unknown>;
  } catch (error) {
    if (isNotFound(error, specifier) || (isPath && isNotFound(error, target))) return undefined;
    throw error;
  }
}

function isNotFound(error: unknown, specifier: string): boolean {
  const code = (error as { code?: string })?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  const message = (error as Error).message;
  const bare = specifier.startsWith('file:') ? decodeURIComponent(new URL(specifier).pathname) : specifier;
  return message.includes(`'${bare}'`) || message.includes(`"${bare}"`) || message.includes(bare);
}
