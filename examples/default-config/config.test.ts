import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'core', 'dist', 'cli', 'main.js');
const config = join(here, 'config.yaml');
const everyKey: Record<string, string> = {
  OPENAI_API_KEY: 'sk-test-not-a-real-key-0000',
  GROQ_API_KEY: 'gsk_test_not_a_real_key',
  DEEPSEEK_API_KEY: 'sk-test-deepseek',
  OPENROUTER_API_KEY: 'sk-or-test',
  ANTHROPIC_API_KEY: 'sk-ant-test',
  GEMINI_API_KEY: 'AIza-test-not-a-real-key',
  MISTRAL_API_KEY: 'mistral-test-key',
  COHERE_API_KEY: 'cohere-test-key',
  AZURE_API_BASE: 'https://example.openai.azure.com',
  AZURE_API_KEY: 'azure-test-key',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  VERTEXAI_PROJECT: 'example-project',
  OLLAMA_API_BASE: 'http://127.0.0.1:11434',
};
const keyVariables = Object.keys(everyKey);
let child: ChildProcess | undefined;

/** Starts `switchyard --config examples/default-config/config.yaml` as `npm start` does, on a free port. */
async function startCli(extraEnv: Record<string, string> = {}): Promise<{ baseURL: string; banner: string }> {
  const env: Record<string, string | undefined> = { ...process.env, ...extraEnv };
  for (const name of keyVariables) if (!(name in extraEnv)) delete env[name];
  child = spawn(process.execPath, [cli, '--config', config, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let banner = '';
  const stdout = child.stdout!;
  stdout.setEncoding('utf8');
  for await (const text of stdout) {
    banner += text;
    if (banner.includes('plugins:')) break;
  }
  const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(banner)?.[1];
  if (port === undefined) throw new Error(`the CLI did not start: ${banner}`);
  return { baseURL: `http://127.0.0.1:${port}/v1`, banner };
}

afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  child = undefined;
});

describe('the default config (npm start)', () => {
  it('serves only the mock models when no provider key is set', async () => {
    const { baseURL, banner } = await startCli();
    expect(banner.split('\n').slice(1, 4)).toEqual(['models: mock-gpt, mock-slow, mock-embedding', 'providers: mock', 'plugins: (none)']);
    const client = new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 });
    expect((await client.models.list()).data.map((model) => model.id)).toEqual(['mock-gpt', 'mock-slow', 'mock-embedding']);
  });

  it('answers chat completions, JSON and streamed, with no API key anywhere', async () => {
    const { baseURL } = await startCli();
    const client = new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Hello!' }] });
    expect(completion.choices[0].message).toEqual({ role: 'assistant', content: 'You said: Hello!' });
    const stream = await client.chat.completions.create({ model: 'mock-gpt', messages: [{ role: 'user', content: 'Hello!' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('You said: Hello!');
  });

  it('answers embeddings with the configured 16 dimensions', async () => {
    const { baseURL } = await startCli();
    const client = new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 });
    const embeddings = await client.embeddings.create({ model: 'mock-embedding', input: ['a', 'b'] });
    expect(embeddings.data.map((item) => item.embedding.length)).toEqual([16, 16]);
  });

  it('switches a real provider on when its key is in the environment', async () => {
    const { banner } = await startCli({ OPENAI_API_KEY: 'sk-test-not-a-real-key-0000' });
    expect(banner.split('\n')[1]).toBe('models: mock-gpt, mock-slow, mock-embedding, gpt-4o-mini, text-embedding-3-small');
    expect(banner.split('\n')[2]).toBe('providers: mock, openai');
  });

  it('switches every provider of the example on when all their keys are set', async () => {
    const { banner } = await startCli(everyKey);
    expect(banner.split('\n')[1]).toBe(
      'models: mock-gpt, mock-slow, mock-embedding, gpt-4o-mini, text-embedding-3-small, llama-3.1-8b, deepseek-chat, openrouter/*, claude-sonnet, gemini-flash, mistral-small, command-a, azure-gpt-4o-mini, bedrock-claude-haiku, vertex-gemini-flash, ollama-llama',
    );
    expect(banner.split('\n')[2]).toBe('providers: mock, openai, anthropic, gemini, mistral, cohere, azure, bedrock, vertex_ai, ollama');
  });

  it('exits 0 on SIGTERM', async () => {
    await startCli();
    child!.kill('SIGTERM');
    const [code] = (await once(child!, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
