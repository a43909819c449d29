import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/gateway-error.js';
import { Secret } from '../secrets/secret.js';
import { loadConfigFile, prepareConfig } from './load-config.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'switchyard-config-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function writeConfig(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

/** The problems of the ConfigError `run` throws; fails the test if it throws anything else or nothing. */
async function problemsOf(run: () => unknown): Promise<readonly string[]> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfigFile', () => {
  it('reads a YAML file into the config and its deployments', async () => {
    const path = await writeConfig(
      'plain.yaml',
      ['model_list:', '  - model_name: x', '    litellm_params:', '      model: mock/x', 'server:', '  port: 4100', ''].join('\n'),
    );
    const loaded = await loadConfigFile(path, {});
    expect(loaded.config).toEqual({ model_list: [{ model_name: 'x', litellm_params: { model: 'mock/x' } }], server: { port: 4100 }, plugins: undefined, providers: undefined });
    expect(loaded.deployments.map((deployment) => [deployment.model_name, deployment.provider, deployment.model])).toEqual([['x', 'mock', 'x']]);
    expect(loaded.baseDir).toBe(folder);
    expect(loaded.warnings).toEqual([]);
  });

  it('names the file when it cannot be read', async () => {
    const path = join(folder, 'missing.yaml');
    const problems = await problemsOf(() => loadConfigFile(path, {}));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^cannot read config file ${path}: ENOENT`));
  });

  it('names the file when it is not valid YAML', async () => {
    const path = await writeConfig('broken.yaml', 'model_list: [\n');
    const problems = await problemsOf(() => loadConfigFile(path, {}));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${path}: not valid YAML: `));
  });
});

describe('os.environ/ references', () => {
  const entry = { model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_key: 'os.environ/OPENAI_API_KEY', api_base: 'os.environ/OPENAI_BASE' } };

  it('resolves os.environ/NAME from the environment given', () => {
    const loaded = prepareConfig({ model_list: [entry] }, { env: { OPENAI_API_KEY: 'sk-test-0123456789abcdef', OPENAI_BASE: 'http://127.0.0.1:9' } });
    expect(loaded.deployments[0].api_key?.reveal()).toBe('sk-test-0123456789abcdef');
    expect(loaded.deployments[0].api_base).toBe('http://127.0.0.1:9');
  });

  it('names the config path and the variable when a variable is unset', async () => {
    const problems = await problemsOf(() => prepareConfig({ model_list: [entry] }, { env: { OPENAI_BASE: 'http://127.0.0.1:9' } }));
    expect(problems).toEqual(['model_list[0].litellm_params.api_key: environment variable OPENAI_API_KEY is not set']);
  });

  it('treats an empty variable as unset', async () => {
    const problems = await problemsOf(() => prepareConfig({ model_list: [entry] }, { env: { OPENAI_API_KEY: '', OPENAI_BASE: 'http://127.0.0.1:9' } }));
    expect(problems).toEqual(['model_list[0].litellm_params.api_key: environment variable OPENAI_API_KEY is not set']);
  });

  it('reports every unset variable at once, in sections outside model_list too', async () => {
    const problems = await problemsOf(() =>
      prepareConfig({ model_list: [entry], router_settings: { redis_password: 'os.environ/REDIS_PASSWORD' } }, { env: {} }),
    );
    expect(problems).toEqual([
      'model_list[0].litellm_params.api_key: environment variable OPENAI_API_KEY is not set',
      'model_list[0].litellm_params.api_base: environment variable OPENAI_BASE is not set',
      'router_settings.redis_password: environment variable REDIS_PASSWORD is not set',
    ]);
  });

  it('looks variables up in environment_variables before the process environment', () => {
    const loaded = prepareConfig(
      { model_list: [entry], environment_variables: { OPENAI_API_KEY: 'sk-test-from-config-0000', OPENAI_BASE: 'http://127.0.0.1:9' } },
      { env: { OPENAI_API_KEY: 'sk-test-from-env-1111111' } },
    );
    expect(loaded.deployments[0].api_key?.reveal()).toBe('sk-test-from-config-0000');
  });
});

describe('optional model_list entries', () => {
  it('skips an optional entry whose variable is unset, with a warning naming it', () => {
    const loaded = prepareConfig(
      {
        model_list: [
          { model_name: 'kept', litellm_params: { model: 'mock/kept' } },
          { model_name: 'groq', optional: true, litellm_params: { model: 'groq/llama', api_key: 'os.environ/GROQ_API_KEY' } },
        ],
      },
      { env: {} },
    );
    expect(loaded.deployments.map((deployment) => deployment.model_name)).toEqual(['kept']);
    expect(loaded.config.model_list.map((item) => item.model_name)).toEqual(['kept']);
    expect(loaded.warnings).toEqual(['skipped model groq (model_list[1]): GROQ_API_KEY not set']);
  });

  it('keeps an optional entry whose variable is set', () => {
    const loaded = prepareConfig(
      { model_list: [{ model_name: 'groq', optional: true, litellm_params: { model: 'groq/llama', api_key: 'os.environ/GROQ_API_KEY' } }] },
      { env: { GROQ_API_KEY: 'gsk_0123456789abcdef' } },
    );
    expect(loaded.deployments.map((deployment) => deployment.model_name)).toEqual(['groq']);
    expect(loaded.warnings).toEqual([]);
  });

  it('names the original index of a later entry after an optional one was skipped', async () => {
    const problems = await problemsOf(() =>
      prepareConfig(
        {
          model_list: [
            { model_name: 'skipped', optional: true, litellm_params: { model: 'groq/llama', api_key: 'os.environ/GROQ_API_KEY' } },
            { model_name: 'bad', litellm_params: { model: 'mock/bad', rpm: 'lots' } },
          ],
        },
        { env: {} },
      ),
    );
    expect(problems).toEqual(['model_list[1].litellm_params.rpm: must be a non-negative number, got "lots"']);
  });
});

describe('schema errors', () => {
  it('names a misspelt top-level key', async () => {
    const problems = await problemsOf(() => prepareConfig({ model_list: [], modle_list: [] }));
    expect(problems).toEqual(['modle_list: is not a known option']);
  });

  it('names server.port when it is not a whole number', async () => {
    const problems = await problemsOf(() => prepareConfig({ model_list: [], server: { port: '4000x' } }));
    expect(problems).toEqual(['server.port: must be integer']);
  });

  it('names server.port when it is out of range', async () => {
    const problems = await problemsOf(() => prepareConfig({ model_list: [], server: { port: 70000 } }));
    expect(problems).toEqual(['server.port: must be <= 65535']);
  });

  it('requires model_list', async () => {
    const problems = await problemsOf(() => prepareConfig({ server: { port: 4000 } }));
    expect(problems).toEqual(['model_list: is required']);
  });

  it('names a model_list entry without litellm_params.model', async () => {
    const problems = await problemsOf(() => prepareConfig({ model_list: [{ model_name: 'a', litellm_params: {} }] }));
    expect(problems).toEqual(['model_list[0].litellm_params.model: is required']);
  });

  it('reports every schema problem at once', async () => {
    const problems = await problemsOf(() => prepareConfig({ model_list: [{ model_name: '', litellm_params: { model: 'mock/x' } }], server: { log_level: 'loud' } }));
    expect(problems).toEqual(['model_list[0].model_name: must NOT have fewer than 1 characters', 'server.log_level: must be one of "debug", "info", "warn", "error", "silent"']);
  });

  it('refuses a config that is not a mapping', async () => {
    const problems = await problemsOf(() => prepareConfig(['model_list']));
    expect(problems).toEqual(['config: must be a mapping with a model_list']);
  });

  it('checks the schema before resolving variables, so a typo is named even when variables are unset', async () => {
    const problems = await problemsOf(() =>
      prepareConfig({ model_list: [{ model_name: 'a', litellm_params: { model: 'openai/x', api_key: 'os.environ/UNSET' } }], sever: {} }, { env: {} }),
    );
    expect(problems).toEqual(['sever: is not a known option']);
  });
});

describe('a LiteLLM proxy config', () => {
  // Written the way LiteLLM's proxy docs write config.yaml (https://docs.litellm.ai/docs/proxy/configs).
  const litellmYaml = `
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o-eu
      api_base: https://my-endpoint-europe.openai.azure.com/
      api_key: os.environ/AZURE_API_KEY_EU
      api_version: "2024-08-01-preview"
      rpm: 6
      tpm: 100000
      timeout: 30
      stream_timeout: 10
      temperature: 0.2
      max_tokens: 512
      seed: 7
      organization: my-org
    model_info:
      id: azure-eu-1
      mode: chat
      base_model: azure/gpt-4o
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      rpm: "100"
      tpm: "200000"
  - model_name: claude-3-5-sonnet
    litellm_params:
      model: anthropic/claude-3-5-sonnet-20240620
      api_key: os.environ/ANTHROPIC_API_KEY
  - model_name: bedrock-claude
    litellm_params:
      model: bedrock/anthropic.claude-3-sonnet-20240229-v1:0
      aws_access_key_id: os.environ/AWS_ACCESS_KEY_ID
      aws_secret_access_key: os.environ/AWS_SECRET_ACCESS_KEY
      aws_region_name: us-east-1
  - model_name: llama3
    litellm_params:
      model: ollama/llama3
      api_base: http://127.0.0.1:11434

litellm_settings:
  drop_params: true
  request_timeout: 45
  set_verbose: false
  num_retries: 3

router_settings:
  routing_strategy: usage-based-routing-v2
  redis_host: os.environ/REDIS_HOST
  redis_password: os.environ/REDIS_PASSWORD

general_settings:
  master_key: sk-1234
  alerting: ["slack"]

environment_variables:
  REDIS_HOST: 127.0.0.1
`;
  const env = {
    AZURE_API_KEY_EU: 'azure-key-0123456789abcdef',
    OPENAI_API_KEY: 'sk-test-openai-0123456789abcdef',
    ANTHROPIC_API_KEY: 'sk-ant-test-0123456789abcdef',
    AWS_ACCESS_KEY_ID: 'AKIATEST0123456789',
    AWS_SECRET_ACCESS_KEY: 'aws-secret-0123456789abcdefghij',
    REDIS_PASSWORD: 'redis-password-0123',
  };

  it('loads unchanged, keeping every LiteLLM section as written', async () => {
    const loaded = await loadConfigFile(await writeConfig('litellm.yaml', litellmYaml), env);
    expect(loaded.config.litellm_settings).toEqual({ drop_params: true, request_timeout: 45, set_verbose: false, num_retries: 3 });
    expect(loaded.config.router_settings).toEqual({ routing_strategy: 'usage-based-routing-v2', redis_host: '127.0.0.1', redis_password: 'redis-password-0123' });
    expect(loaded.config.general_settings).toEqual({ master_key: 'sk-1234', alerting: ['slack'] });
    expect(loaded.config.environment_variables).toEqual({ REDIS_HOST: '127.0.0.1' });
    expect(loaded.config.model_list.map((entry) => entry.model_name)).toEqual(['gpt-4o', 'gpt-4o', 'claude-3-5-sonnet', 'bedrock-claude', 'llama3']);
    expect(loaded.warnings).toEqual([]);
  });

  it('reads connection fields, limits and timeouts into the deployment', async () => {
    const loaded = await loadConfigFile(await writeConfig('litellm.yaml', litellmYaml), env);
    const azure = loaded.deployments[0];
    expect({ ...azure, api_key: azure.api_key?.reveal() }).toEqual({
      id: 'azure-eu-1',
      model_name: 'gpt-4o',
      provider: 'azure',
      model: 'gpt-4o-eu',
      api_base: 'https://my-endpoint-europe.openai.azure.com/',
      api_key: 'azure-key-0123456789abcdef',
      api_version: '2024-08-01-preview',
      headers: undefined,
      timeout: 30,
      stream_timeout: 10,
      rpm: 6,
      tpm: 100000,
      weight: undefined,
      order: undefined,
      max_parallel_requests: undefined,
      drop_params: undefined,
      request_defaults: { temperature: 0.2, max_tokens: 512, seed: 7 },
      provider_params: { organization: 'my-org' },
      model_info: { id: 'azure-eu-1', mode: 'chat', base_model: 'azure/gpt-4o' },
    });
    expect(azure.api_key).toBeInstanceOf(Secret);
  });

  it('reads numbers LiteLLM configs quote as strings', async () => {
    const loaded = await loadConfigFile(await writeConfig('litellm.yaml', litellmYaml), env);
    expect({ rpm: loaded.deployments[1].rpm, tpm: loaded.deployments[1].tpm }).toEqual({ rpm: 100, tpm: 200000 });
  });

  it('keeps provider-specific litellm_params as provider_params, not request defaults', async () => {
    const loaded = await loadConfigFile(await writeConfig('litellm.yaml', litellmYaml), env);
    const bedrock = loaded.deployments[3];
    expect([bedrock.provider, bedrock.model]).toEqual(['bedrock', 'anthropic.claude-3-sonnet-20240229-v1:0']);
    expect(bedrock.request_defaults).toEqual({});
    expect(bedrock.provider_params).toEqual({ aws_access_key_id: 'AKIATEST0123456789', aws_secret_access_key: 'aws-secret-0123456789abcdefghij', aws_region_name: 'us-east-1' });
  });

  it('gives deployments without model_info.id ids that are the same on every load', async () => {
    const path = await writeConfig('litellm.yaml', litellmYaml);
    const first = (await loadConfigFile(path, env)).deployments.map((deployment) => deployment.id);
    const second = (await loadConfigFile(path, env)).deployments.map((deployment) => deployment.id);
    expect(second).toEqual(first);
    expect(first[0]).toBe('azure-eu-1');
    for (const id of first.slice(1)) expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(first).size).toBe(first.length);
  });

  it('keeps the ids of existing entries when another entry is added in front', async () => {
    const before = (await loadConfigFile(await writeConfig('litellm.yaml', litellmYaml), env)).deployments;
    const withNew = litellmYaml.replace('model_list:\n', 'model_list:\n  - model_name: new\n    litellm_params:\n      model: mock/new\n');
    const after = (await loadConfigFile(await writeConfig('litellm-more.yaml', withNew), env)).deployments;
    expect(after.slice(1).map((deployment) => deployment.id)).toEqual(before.map((deployment) => deployment.id));
  });

  it('collects every credential into the scrubber', async () => {
    const loaded = await loadConfigFile(await writeConfig('litellm.yaml', litellmYaml), env);
    const text = Object.values(env).join(' ');
    expect(loaded.scrubber.scrub(text)).toBe('…cdef sk-…cdef sk-…cdef …6789 aws-…ghij …0123');
  });
});

describe('deployments of identical entries', () => {
  it('gives two identical entries different ids', () => {
    const entry = { model_name: 'x', litellm_params: { model: 'mock/x' } };
    const loaded = prepareConfig({ model_list: [entry, entry] });
    const [first, second] = loaded.deployments.map((deployment) => deployment.id);
    expect(first).not.toBe(second);
  });

  it('refuses two entries with the same model_info.id', async () => {
    const entry = { model_name: 'x', litellm_params: { model: 'mock/x' }, model_info: { id: 'same' } };
    const problems = await problemsOf(() => prepareConfig({ model_list: [entry, entry] }));
    expect(problems).toEqual(["model_list: two entries have the id 'same' (model_info.id must be unique)"]);
  });
});

describe('secrets from the environment', () => {
  it('scrubs the value of every credential-named variable, not only those the config cites', () => {
    const loaded = prepareConfig(
      { model_list: [{ model_name: 'x', litellm_params: { model: 'mock/x' } }] },
      { env: { ANTHROPIC_API_KEY: 'anthropic-secret-1234', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG', AZURE_AD_TOKEN: 'eyJ0eXAiOiJKV1Q.x', HOME: '/home/someone-long' } },
    );
    for (const secret of ['anthropic-secret-1234', 'wJalrXUtnFEMI/K7MDENG', 'eyJ0eXAiOiJKV1Q.x']) expect(loaded.scrubber.scrub(secret)).not.toContain(secret);
    expect(loaded.scrubber.scrub('/home/someone-long')).toBe('/home/someone-long');
  });
});
