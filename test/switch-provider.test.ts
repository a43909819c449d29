import { createGateway } from '@switchyard/core';
import { readFixture, readFixtureText, serveGateway, startReplayServer, type ReplayServer } from '@switchyard/core/testing';
import anthropic from '@switchyard/provider-anthropic';
import bedrock from '@switchyard/provider-bedrock';
import gemini from '@switchyard/provider-gemini';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * What issue 3 promises a user: a client written for OpenAI switches provider by changing the model name and nothing
 * else. One gateway serves Claude on Anthropic, a model on Bedrock and Gemini; the same client code asks each, and
 * each upstream answers with its recorded traffic (pydantic-ai cassettes, Bedrock's binary stream byte for byte).
 */

const recorded = {
  anthropic: readFixtureText('anthropic/pydantic-ai/test_anthropic_model_instructions.1.response.json'),
  bedrock: readFixtureText('bedrock/pydantic-ai/test_bedrock_model.1.response.json'),
  bedrockStream: readFixture('bedrock/pydantic-ai/test_bedrock_model_stream.1.response.eventstream'),
  gemini: readFixtureText('gemini/pydantic-ai/test_google_model.1.response.json'),
};

let upstream: ReplayServer;
let client: OpenAI;
let close: () => Promise<void>;

beforeAll(async () => {
  upstream = await startReplayServer((request) => {
    if (request.path === '/v1/messages') return { headers: { 'content-type': 'application/json' }, body: recorded.anthropic };
    if (request.path.endsWith('/converse')) return { headers: { 'content-type': 'application/json' }, body: recorded.bedrock };
    if (request.path.endsWith('/converse-stream')) return { headers: { 'content-type': 'application/vnd.amazon.eventstream' }, body: recorded.bedrockStream, split: 7 };
    if (request.path.endsWith(':generateContent')) return { headers: { 'content-type': 'application/json' }, body: recorded.gemini };
    return { status: 404, body: '' };
  });
  const gateway = await createGateway({
    model_list: [
      { model_name: 'claude', litellm_params: { model: 'anthropic/claude-3-opus-20240229', api_base: upstream.url, api_key: 'sk-ant-test-key-0001' } },
      {
        model_name: 'nova-on-bedrock',
        litellm_params: {
          model: 'bedrock/us.amazon.nova-micro-v1:0',
          api_base: upstream.url,
          aws_region_name: 'us-east-1',
          aws_access_key_id: 'AKIDEXAMPLE',
          aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        },
      },
      { model_name: 'gemini-flash', litellm_params: { model: 'gemini/gemini-2.5-flash', api_base: upstream.url, api_key: 'AIza-test-key-000000000000' } },
    ],
    providers: [anthropic, bedrock, gemini],
    server: { log_level: 'error' },
  });
  const served = await serveGateway(gateway);
  close = served.close;
  client = new OpenAI({ baseURL: served.baseURL, apiKey: 'anything', maxRetries: 0 });
});

afterAll(async () => {
  await close();
  await upstream.close();
});

/** The one piece of client code: only the model name changes. */
async function ask(model: string) {
  const completion = await client.chat.completions.create({ model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is the capital of France?' }] });
  const [choice] = completion.choices;
  return { object: completion.object, content: choice!.message.content, role: choice!.message.role, finish: choice!.finish_reason, usage: [completion.usage!.prompt_tokens, completion.usage!.completion_tokens, completion.usage!.total_tokens] };
}

describe('one client, three providers, by model name alone', () => {
  it('answers from Anthropic, Bedrock and Gemini in the same OpenAI shape', async () => {
    expect(await ask('claude')).toEqual({ object: 'chat.completion', role: 'assistant', content: 'The capital of France is Paris.', finish: 'stop', usage: [20, 10, 30] });
    expect(await ask('nova-on-bedrock')).toEqual({
      object: 'chat.completion',
      role: 'assistant',
      content: "Hello! How can I assist you today? Whether you have questions, need information, or just want to chat, I'm here to help.",
      finish: 'stop',
      usage: [7, 30, 37],
    });
    // Gemini counts its thinking as output: 9 answer tokens + 34 thought tokens.
    expect(await ask('gemini-flash')).toEqual({ object: 'chat.completion', role: 'assistant', content: 'Hello! How can I help you today?', finish: 'stop', usage: [9, 43, 52] });
    const paths = upstream.requests.map((request) => request.path);
    expect(paths).toEqual(['/v1/messages', '/model/us.amazon.nova-micro-v1%3A0/converse', '/v1beta/models/gemini-2.5-flash:generateContent']);
  });

  it('streams from Bedrock through the same loop an OpenAI stream is read with', async () => {
    const stream = await client.chat.completions.create({ model: 'nova-on-bedrock', messages: [{ role: 'user', content: 'What is the capital of France?' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text.startsWith('The capital of France is Paris. Paris is not only the capital city but also the most')).toBe(true);
    expect([finish, usage?.prompt_tokens, usage?.completion_tokens, usage?.total_tokens]).toEqual(['stop', 13, 82, 95]);
  });
});
