const envPrefix = 'os.environ/';

export interface EnvResolution<T> {
  value: T;
  /** Names referenced but unset, with the config path of each. */
  missing: Array<{ path: string; name: string }>;
  /** The values that came from the environment (load-config scrubs those under credential-like keys). */
  resolved: string[];
}

/** Replaces every string `os.environ/NAME` in a config value with the variable, as LiteLLM's proxy does. */
export function resolveEnvRefs<T>(value: T, env: Readonly<Record<string, string | undefined>>, path = ''): EnvResolution<T> {
  const missing: EnvResolution<T>['missing'] = [];
  const resolved: string[] = [];
  const walk = (node: unknown, at: string): unknown => {
    if (typeof node === 'string') {
      if (!node.startsWith(envPrefix)) return node;
      const name = node.slice(envPrefix.length);
      const found = env[name];
      if (found === undefined || found === '') {
        missing.push({ path: at, name });
        return node;
      }
      resolved.push(found);
      return found;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${at}[${index}]`));
    if (typeof node === 'object' && node !== null && Object.getPrototypeOf(node) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) out[key] = walk(item, at ? `${at}.${key}` : key);
      return out;
    }
    return node;
  };
  return { value: walk(value, path) as T, missing, resolved };
}
