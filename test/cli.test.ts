import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const cliPath = fileURLToPath(new URL('../core/dist/cli/main.js', import.meta.url));
let folder: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'switchyard-cli-'));
});

afterEach(() => {
  // Only the processes these tests started, by their own handle.
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Cli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
  /** Resolves with the first stdout match of `pattern`, as soon as it is printed. */
  waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
}

function startCli(args: string[]): Cli {
  // The test's environment, minus variables that would change what the CLI loads or prints.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SWITCHYARD') && !name.endsWith('_API_KEY')));
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: folder, env });
  children.push(child);
  let out = '';
  let err = '';
  const watchers: Array<{ pattern: RegExp; resolve: (match: RegExpMatchArray) => void }> = [];
  child.stdout.on('data', (data: Buffer) => {
    out += data.toString();
    for (const watcher of [...watchers]) {
      const match = out.match(watcher.pattern);
      if (match) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(match);
      }
    }
  });
  child.stderr.on('data', (data: Buffer) => void (err += data.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = out.match(pattern);
        if (match) return resolve(match);
        watchers.push({ pattern, resolve });
        void exit.then((code) => reject(new Error(`the CLI exited with ${code} before printing ${pattern}:\n${out}\n${err}`)));
      }),
  };
}

async function writeConfig(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

const listenLine = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/;

describe('switchyard CLI', () => {
  it('prints its usage and exits 0 on --help', async () => {
    const cli = startCli(['--help']);
    expect(await cli.exit).toBe(0);
    expect(cli.stdout().split('\n').slice(0, 3)).toEqual(['switchyard 1.0.0: an OpenAI-compatible LLM gateway', '', 'Usage:']);
    expect(cli.stdout()).toContain('  -c, --config <file>');
    expect(cli.stderr()).toBe('');
  });

  it('prints its version and exits 0 on --version', async () => {
    const cli = startCli(['--version']);
    expect([await cli.exit, cli.stdout()]).toEqual([0, '1.0.0\n']);
  });

  it('exits 2 with the usage when given neither --config nor --model', async () => {
    const cli = startCli([]);
    expect(await cli.exit).toBe(2);
    expect(cli.stderr().startsWith('give either --config or --model\n\nswitchyard 1.0.0')).toBe(true);
  });

  it('exits 2 on a port that is not a number', async () => {
    const cli = startCli(['--model', 'mock/foo', '--port', 'http']);
    expect([await cli.exit, cli.stderr()]).toEqual([2, '--port must be a whole number from 0 to 65535, got http\n']);
  });

  it('exits 1 listing every problem of a bad config', async () => {
    const path = await writeConfig('bad.yaml', 'model_list: []\nserver:\n  port: abc\nmodle: 1\n');
    const cli = startCli(['--config', path]);
    expect(await cli.exit).toBe(1);
    expect(cli.stderr()).toBe('switchyard: the config has problems:\n  - modle: is not a known option\n  - server.port: must be integer\n');
    expect(cli.stdout()).toBe('');
  });

  it('exits 1 naming an unset environment variable', async () => {
    const path = await writeConfig('env.yaml', 'model_list:\n  - model_name: a\n    litellm_params:\n      model: mock/a\n      api_key: os.environ/SWITCHYARD_TEST_UNSET_KEY\n');
    const cli = startCli(['--config', path]);
    expect([await cli.exit, cli.stderr()]).toEqual([1, 'switchyard: the config has problems:\n  - model_list[0].litellm_params.api_key: environment variable SWITCHYARD_TEST_UNSET_KEY is not set\n']);
  });

  it('prints the listen line, the models, the providers and the plugins of a config', async () => {
    await writeFile(
      join(folder, 'local-plugin.mjs'),
      "export default (options) => ({ specificationVersion: 'v1', name: 'local', core: '^1.0.0', options: options ?? {}, apply() {} });\n",
    );
    const path = await writeConfig(
      'good.yaml',
      [
        'model_list:',
        '  - model_name: chat',
        '    litellm_params: { model: mock/chat }',
        '  - model_name: chat',
        '    litellm_params: { model: mock/chat-2 }',
        '  - model_name: embed',
        '    litellm_params: { model: mock/embed }',
        'plugins:',
        '  - use: ./local-plugin.mjs',
        'server: { host: 127.0.0.1, log_level: warn }',
        '',
      ].join('\n'),
    );
    const cli = startCli(['--config', path, '--port', '0']);
    const [, url] = await cli.waitFor(/plugins: .*\n/).then(() => cli.stdout().match(listenLine)!);
    expect(cli.stdout()).toBe(`switchyard 1.0.0 listening on ${url}\nmodels: chat, embed\nproviders: mock\nplugins: local\n`);
  });

  it('serves the model given with --model under its bare name', async () => {
    const cli = startCli(['--model', 'mock/foo', '--port', '0']);
    const [, url] = await cli.waitFor(listenLine);
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'foo', messages: [{ role: 'user', content: 'ping' }] }),
    });
    const body = (await response.json()) as { model: string; choices: Array<{ message: { content: string } }> };
    expect([response.status, body.model, body.choices[0].message.content]).toEqual([200, 'foo', 'You said: ping']);
    expect(cli.stdout()).toContain('models: mock/foo, foo\n');
  });

  it('lets a streamed request in flight finish on SIGTERM, then exits 0', async () => {
    const path = await writeConfig(
      'slow.yaml',
      [
        'model_list:',
        '  - model_name: slow',
        '    litellm_params: { model: mock/slow, mock_response: "one two three four five", mock_chunk_delay_ms: 150 }',
        'server: { log_level: warn }',
        '',
      ].join('\n'),
    );
    const cli = startCli(['--config', path, '--port', '0']);
    const [, url] = await cli.waitFor(listenLine);
    const text = await new Promise<string>((resolve, reject) => {
      const outgoing = request(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
        let received = '';
        let signalled = false;
        response.on('data', (data: Buffer) => {
          received += data.toString();
          // The first chunk is out and the rest is still to come: stop the server now.
          if (!signalled) {
            signalled = true;
            cli.child.kill('SIGTERM');
          }
        });
        response.on('end', () => resolve(received));
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(JSON.stringify({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'hi' }] }));
    });
    const contents = text
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: {'))
      .map((frame) => (JSON.parse(frame.slice(6)) as { choices: Array<{ delta: { content?: string } }> }).choices[0].delta.content ?? '');
    expect(contents.join('')).toBe('one two three four five');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(await cli.exit).toBe(0);
  });

  it('stops taking new connections after SIGTERM', async () => {
    const cli = startCli(['--model', 'mock/foo', '--port', '0']);
    const [, url] = await cli.waitFor(listenLine);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
    await expect(fetch(`${url}/health/liveliness`)).rejects.toThrow();
  });
});
