import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors/gateway-error.js';
import type { Deployment } from '../provider/deployment.js';
import { SecretScrubber } from '../secrets/secret-scrubber.js';
import { buildDeployments } from './build-deployments.js';
import { configSchema } from './config-schema.js';
import type { GatewayConfig, ModelListEntry } from './config-types.js';
import { createConfigAjv, describeErrors } from './create-ajv.js';
import { resolveEnvRefs } from './resolve-env-refs.js';

/** A config checked and resolved: what the gateway is built from. */
export interface LoadedConfig {
  readonly config: GatewayConfig;
  readonly deployments: readonly Deployment[];
  /** Paths in the config (plugins, providers) resolve against this folder. */
  readonly baseDir: string;
  readonly scrubber: SecretScrubber;
  /** Things worth a log line at start-up, such as skipped optional entries. */
  readonly warnings: readonly string[];
}

export interface PrepareOptions {
  baseDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

const secretKey = /key|token|secret|password|credential/i;

/** Reads and checks a YAML (or JSON) config file. Every problem found is reported at once in a ConfigError. */
export async function loadConfigFile(path: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`, error);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid YAML: ${(error as Error).message}`, error);
  }
  return prepareConfig(raw, { baseDir: dirname(resolve(path)), env });
}

/** Checks and resolves a config object (parsed YAML, or one built in code). */
export function prepareConfig(raw: unknown, options: PrepareOptions = {}): LoadedConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('config: must be a mapping with a model_list');
  const ajv = createConfigAjv();
  const validate = ajv.compile(configSchema);
  // Schema first on the raw text, so a typo is named before any environment lookup.
  if (!validate(structuredCloneConfig(raw))) throw new ConfigError(describeErrors(validate.errors ?? []));

  const source = raw as GatewayConfig;
  const extraEnv = Object.fromEntries(Object.entries(source.environment_variables ?? {}).map(([name, value]) => [name, String(value)]));
  const env = { ...(options.env ?? process.env), ...extraEnv };
  const scrubber = new SecretScrubber();
  // Providers read keys the config does not name (OPENAI_API_KEY, AWS_SECRET_ACCESS_KEY…); an upstream may echo
  // one back in an error, so every credential-named variable is a secret to scrub, not only those the config cites.
  for (const [name, value] of Object.entries(env)) if (value !== undefined && secretVariable.test(name)) scrubber.add(value);
  const problems: string[] = [];
  const warnings: string[] = [];

  const entries: ModelListEntry[] = [];
  const entryIndexes: number[] = [];
  source.model_list.forEach((entry, index) => {
    const resolved = resolveEnvRefs(entry, env, `model_list[${index}]`);
    if (resolved.missing.length > 0) {
      const names = resolved.missing.map((item) => item.name).join(', ');
      if (entry.optional) warnings.push(`skipped model ${entry.model_name} (model_list[${index}]): ${names} not set`);
      else for (const item of resolved.missing) problems.push(`${item.path}: environment variable ${item.name} is not set`);
      return;
    }
    entries.push(resolved.value);
    entryIndexes.push(index);
  });

  const { model_list: _modelList, plugins, providers, ...rest } = source;
  const resolvedRest = resolveEnvRefs(rest, env);
  for (const item of resolvedRest.missing) problems.push(`${item.path}: environment variable ${item.name} is not set`);
  collectSecrets(resolvedRest.value, scrubber);
  for (const entry of entries) collectSecrets(entry, scrubber);

  const built = buildDeployments(entries, (index) => `model_list[${entryIndexes[index]}]`);
  problems.push(...built.problems);
  if (problems.length > 0) throw new ConfigError(problems);

  // Options of YAML plugin entries may name secrets too; plugin objects given in code are left as they are.
  const resolvedPlugins = plugins?.map((entry, index) => {
    if (!('use' in entry) || entry.options === undefined) return entry;
    const resolved = resolveEnvRefs(entry.options, env, `plugins[${index}].options`);
    for (const item of resolved.missing) problems.push(`${item.path}: environment variable ${item.name} is not set`);
    collectSecrets(resolved.value, scrubber);
    return { ...entry, options: resolved.value };
  });
  if (problems.length > 0) throw new ConfigError(problems);

  const config: GatewayConfig = { ...resolvedRest.value, model_list: entries, plugins: resolvedPlugins, providers };
  return { config, deployments: built.deployments, baseDir: options.baseDir ?? process.cwd(), scrubber, warnings };
}

/** Environment variable names that hold credentials by convention. */
const secretVariable = /(?:_KEY|_KEY_ID|SECRET|TOKEN|PASSWORD|CREDENTIALS)$/i;

function collectSecrets(node: unknown, scrubber: SecretScrubber, key = ''): void {
  if (typeof node === 'string') {
    if (secretKey.test(key)) scrubber.add(node);
  } else if (Array.isArray(node)) {
    for (const item of node) collectSecrets(item, scrubber, key);
  } else if (typeof node === 'object' && node !== null) {
    for (const [childKey, value] of Object.entries(node)) collectSecrets(value, scrubber, childKey);
  }
}

// Plugin and provider objects given in code carry functions; the schema sees a plain copy without them.
function structuredCloneConfig(raw: object): unknown {
  return JSON.parse(JSON.stringify(raw, (_key, value: unknown) => (typeof value === 'function' ? '[function]' : value))) as unknown;
}
