import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ModelListEntry } from '@switchyard/core';
import {
  createProviderHarness,
  openAPIValidator,
  readCassette,
  readFixtureText,
  rejectionOf,
  replayAnswerOf,
  specsDir,
  type ProviderHarnessGateway,
  type ReplayResponse,
  type ReplayServer,
} from '@switchyard/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { azure } from './azure-provider.js';

/*
 * End to end: the official openai client talks to a real gateway (createGateway + listen) whose Azure deployments point
 * at a loopback replay server answering with recorded Azure traffic (shared/fixtures/azure), recorded OpenAI traffic
 * where Azure has none (Azure speaks OpenAI's wire format; each such test says so), or bodies built from Microsoft's
 * documentation (test-fixtures/README.md names the page of each).
 *
 * The pydantic-ai cassette's JSON body was re-serialised by the recorder (keys sorted, 2-space indent): it is replayed
 * as the file is, and the client must receive exactly those bytes.
 */

const spec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));
const { replayServer, startGateway, cleanup } = createProviderHarness({ providers: [azure], client: (baseURL) => new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 }) });

afterEach(async () => {
  await cleanup();
  vi.unstubAllEnvs();
});

/** A body built from Microsoft's documentation (test-fixtures/README.md). */
function docFixture(name: string): string {
  return readFileSync(new URL(`../test-fixtures/${name}`, import.meta.url), 'utf8');
}

function jsonAnswer(body: string, status = 200, headers: Record<string, string> = {}): ReplayResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

function sseAnswer(body: string, split: ReplayResponse['split'] = 'whole'): ReplayResponse {
  return { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, body, split };
}

async function postRaw(running: ProviderHarnessGateway<OpenAI>, body: unknown): Promise<{ status: number; text: string }> {
  const response = await running.postJson('/chat/completions', body);
  return { status: response.status, text: await response.text() };
}

const azureCall = readCassette('azure/pydantic-ai/test_azure_provider_call')[0];
const azureCallRequest = azureCall.request.body as OpenAI.ChatCompletionCreateParamsNonStreaming;

function azureDeployment(replay: ReplayServer, params: Record<string, unknown> = {}, modelName = 'gpt-4o'): ModelListEntry {
  return { model_name: modelName, litellm_params: { model: 'azure/gpt-4o', api_base: replay.url, api_version: '2024-12-01-preview', api_key: 'azure-test-key-0001', ...params } };
}

describe('azure/ chat completions (deployments route)', () => {
  it('gives the client the recorded body byte for byte, content-filter annotations included (pydantic-ai test_azure_provider_call)', async () => {
    const replay = await replayServer(replayAnswerOf(azureCall));
    const running = await startGateway([azureDeployment(replay)]);
    const response = await running.client.chat.completions.create(azureCallRequest).asResponse();
    expect(await response.text()).toBe(azureCall.response.body.toString('utf8'));
  });

  it('hands the SDK the completion with prompt_filter_results and content_filter_results', async () => {
    const replay = await replayServer(replayAnswerOf(azureCall));
    const running = await startGateway([azureDeployment(replay)]);
    const completion = await running.client.chat.completions.create(azureCallRequest);
    expect(completion).toStrictEqual(JSON.parse(azureCall.response.body.toString('utf8')));
    expect((completion as unknown as { prompt_filter_results: unknown[] }).prompt_filter_results).toHaveLength(1);
    expect(spec.check('CreateChatCompletionResponse', completion)).toStrictEqual([]);
  });

  it('posts the recorded request to the deployment path with the api-version and the key as api-key, nothing else', async () => {
    const replay = await replayServer(replayAnswerOf(azureCall));
    const running = await startGateway([azureDeployment(replay)]);
    await running.client.chat.completions.create(azureCallRequest, { headers: { 'x-client-thing': 'must-not-cross' } });
    const [received] = replay.requests;
    const recordedUri = new URL(azureCall.request.uri);
    expect({ method: received.method, path: received.path, body: JSON.parse(received.body) as unknown }).toStrictEqual({
      method: 'POST',
      path: `${recordedUri.pathname}${recordedUri.search}`,
      body: azureCall.request.body,
    });
    expect(received.path).toBe('/openai/deployments/gpt-4o/chat/completions?api-version=2024-12-01-preview');
    expect(received.headers).toStrictEqual({
      host: replay.url.slice('http://'.length),
      connection: 'keep-alive',
      'content-type': 'application/json',
      'api-key': 'azure-test-key-0001',
      'content-length': String(Buffer.byteLength(received.body)),
    });
    expect(spec.check('CreateChatCompletionRequest', JSON.parse(received.body))).toStrictEqual([]);
  });

  it('uses the latest GA api-version 2024-10-21 when none is configured, and AZURE_API_KEY from the environment', async () => {
    vi.stubEnv('AZURE_API_KEY', 'env-key-0002');
    vi.stubEnv('AZURE_API_VERSION', '');
    const replay = await replayServer(replayAnswerOf(azureCall));
    const running = await startGateway([{ model_name: 'gpt-4o', litellm_params: { model: 'azure/gpt-4o', api_base: replay.url } }]);
    await running.client.chat.completions.create(azureCallRequest);
    expect([replay.requests[0].path, replay.requests[0].headers['api-key']]).toStrictEqual(['/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21', 'env-key-0002']);
  });

  it('sends azure_ad_token as Authorization: Bearer and no api-key', async () => {
    const replay = await replayServer(replayAnswerOf(azureCall));
    const running = await startGateway([azureDeployment(replay, { api_key: undefined, azure_ad_token: 'eyJ0eXAiOiJKV1Q.static-token' })]);
    await running.client.chat.completions.create(azureCallRequest);
    expect([replay.requests[0].headers.authorization, replay.requests[0].headers['api-key']]).toStrictEqual(['Bearer eyJ0eXAiOiJKV1Q.static-token', undefined]);
  });

  it('signs in with a client secret: one token request to the tenant, then Bearer on every call', async () => {
    vi.stubEnv('AZURE_AUTHORITY_HOST', '');
    const replay = await replayServer((request) =>
      request.path.endsWith('/oauth2/v2.0/token')
        ? jsonAnswer('{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"entra-access-token-1"}')
        : replayAnswerOf(azureCall),
    );
    vi.stubEnv('AZURE_AUTHORITY_HOST', `${replay.url}/authority`);
    const running = await startGateway([
      azureDeployment(replay, { api_key: undefined, tenant_id: 'contoso-tenant', client_id: 'app-client-id', client_secret: 'app-client-secret-value' }),
    ]);
    await running.client.chat.completions.create(azureCallRequest);
    await running.client.chat.completions.create(azureCallRequest);
    expect(replay.requests.map((request) => [request.path, request.headers['content-type'], request.headers.authorization ?? null, request.headers['api-key'] ?? null])).toStrictEqual([
      ['/authority/contoso-tenant/oauth2/v2.0/token', 'application/x-www-form-urlencoded', null, null],
      ['/openai/deployments/gpt-4o/chat/completions?api-version=2024-12-01-preview', 'application/json', 'Bearer entra-access-token-1', null],
      ['/openai/deployments/gpt-4o/chat/completions?api-version=2024-12-01-preview', 'application/json', 'Bearer entra-access-token-1', null],
    ]);
    expect(Object.fromEntries(new URLSearchParams(replay.requests[0].body))).toStrictEqual({
      grant_type: 'client_credentials',
      client_id: 'app-client-id',
      client_secret: 'app-client-secret-value',
      scope: 'https://cognitiveservices.azure.com/.default',
    });
    expect(running.logs.filter((line) => line.includes('app-client-secret-value') || line.includes('entra-access-token-1'))).toStrictEqual([]);
  });

  it('a refused client secret is a 401 AuthenticationError with Entra ID’s description (doc: client credentials error response)', async () => {
    const replay = await replayServer(
      jsonAnswer(
        '{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.","error_codes":[7000215]}',
        401,
      ),
    );
    vi.stubEnv('AZURE_AUTHORITY_HOST', replay.url);
    const running = await startGateway([azureDeployment(replay, { api_key: undefined, tenant_id: 't', client_id: 'c', client_secret: 'wrong-secret-value' })]);
    const error = await rejectionOf(running.client.chat.completions.create(azureCallRequest));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).error).toStrictEqual({
      message:
        'azure: Entra ID token request failed (401): AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      type: 'authentication_error',
      param: null,
      code: 'invalid_api_key',
    });
    expect(replay.requests.length).toBe(1);
  });

  it('with api_version v1 posts to /openai/v1/chat/completions with the deployment as model in the body', async () => {
    const replay = await replayServer(replayAnswerOf(azureCall));
    const running = await startGateway([azureDeployment(replay, { model: 'azure/my-gpt-4o-deployment', api_version: 'v1' })]);
    await running.client.chat.completions.create(azureCallRequest);
    expect({ path: replay.requests[0].path, body: JSON.parse(replay.requests[0].body) as unknown }).toStrictEqual({
      path: '/openai/v1/chat/completions',
      body: { ...(azureCall.request.body as object), model: 'my-gpt-4o-deployment' },
    });
  });

  it('returns parallel tool calls, then sends the tool results back by id (doc: function calling)', async () => {
    const parallel = docFixture('parallel-tool-calls.json');
    let next = 0;
    const replay = await replayServer(() => (next++ === 0 ? jsonAnswer(parallel) : replayAnswerOf(azureCall)));
    const running = await startGateway([azureDeployment(replay)]);
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_current_time',
          description: 'Get the current time in a given location',
          parameters: { type: 'object', properties: { location: { type: 'string', description: 'The city name, e.g. San Francisco' } }, required: ['location'] },
        },
      },
    ];
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: "What's the current time in San Francisco, Tokyo, and Paris?" };
    const first = await running.client.chat.completions.create({ model: 'gpt-4o', messages: [question], tools, tool_choice: 'auto' });
    expect(first).toStrictEqual(JSON.parse(parallel));
    const calls = first.choices[0].message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(calls.map((call) => [call.id, call.function.name, call.function.arguments])).toStrictEqual([
      ['call_IjcAVz9JOv5BXwUx1jd076C1', 'get_current_time', '{"location": "San Francisco"}'],
      ['call_XIPQYTCtKIaNCCPTdvwjkaSN', 'get_current_time', '{"location": "Tokyo"}'],
      ['call_OHIB5aJzO8HGqanmsdzfytvp', 'get_current_time', '{"location": "Paris"}'],
    ]);
    const results: OpenAI.ChatCompletionToolMessageParam[] = calls.map((call, index) => ({
      role: 'tool',
      tool_call_id: call.id,
      content: JSON.stringify({ location: JSON.parse(call.function.arguments).location as string, current_time: ['11:15 AM', '03:15 AM', '08:15 PM'][index] }),
    }));
    const secondRequest = { model: 'gpt-4o', messages: [question, first.choices[0].message, ...results], tools };
    await running.client.chat.completions.create(secondRequest);
    expect(JSON.parse(replay.requests[1].body)).toStrictEqual(secondRequest);
    expect(spec.check('CreateChatCompletionRequest', JSON.parse(replay.requests[1].body))).toStrictEqual([]);
  });

  it('sends image parts unchanged', async () => {
    const replay = await replayServer(replayAnswerOf(azureCall));
    const running = await startGateway([azureDeployment(replay)]);
    const request: OpenAI.ChatCompletionCreateParamsNonStreaming = {
      model: 'gpt-4o',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe this picture:' },
            { type: 'image_url', image_url: { url: 'https://learn.microsoft.com/azure/ai-services/computer-vision/media/quickstarts/presentation.png', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' } },
          ],
        },
      ],
    };
    await running.client.chat.completions.create(request);
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual(request);
    expect(spec.check('CreateChatCompletionRequest', request)).toStrictEqual([]);
  });

  it('passes a refusal through as message.refusal', async () => {
    const refusal = docFixture('refusal.json');
    const replay = await replayServer(jsonAnswer(refusal));
    const running = await startGateway([azureDeployment(replay)]);
    const completion = await running.client.chat.completions.create(azureCallRequest);
    expect(completion.choices[0].message).toStrictEqual({ content: null, refusal: "I'm sorry, I cannot assist with that request.", role: 'assistant' });
    expect(completion).toStrictEqual(JSON.parse(refusal));
  });
});

describe('azure/ streams', () => {
  const toolStream = readCassette('openai/pydantic-ai/test_run_stream_sync_streams_real_model');

  it.each([['whole' as const], ['events' as const], [7]])(
    'writes the prompt-filter annotation chunk and the content_filter finish byte for byte (doc: Content streaming, upstream split %s)',
    async (split) => {
      const body = docFixture('content-streaming.blocked.sse');
      const replay = await replayServer(sseAnswer(body, split));
      const running = await startGateway([azureDeployment(replay)]);
      const answer = await postRaw(running, { model: 'gpt-4o', messages: [{ role: 'user', content: 'Tell me the lyrics to "Hey Jude".' }], stream: true });
      expect(answer).toStrictEqual({ status: 200, text: body });
    },
  );

  it('the SDK yields the annotation chunk with no choices, then the text, then finish_reason content_filter', async () => {
    const replay = await replayServer(sseAnswer(docFixture('content-streaming.blocked.sse'), 'events'));
    const running = await startGateway([azureDeployment(replay)]);
    const stream = await running.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Tell me the lyrics to "Hey Jude".' }], stream: true });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]).toMatchObject({ id: '', object: '', created: 0, model: '', choices: [] });
    expect((chunks[0] as unknown as { prompt_filter_results: unknown[] }).prompt_filter_results).toHaveLength(1);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('')).toBe('Hey Jude, better');
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('content_filter');
  });

  it.each([['whole' as const], [7]])(
    'streams tool-call deltas and usage byte for byte (recorded OpenAI stream standing in for Azure’s identical wire, split %s)',
    async (split) => {
      const [interaction] = toolStream;
      const replay = await replayServer(replayAnswerOf(interaction, { split }));
      const running = await startGateway([azureDeployment(replay, { model: 'azure/gpt-4o-mini' }, 'gpt-4o-mini')]);
      const answer = await postRaw(running, interaction.request.body);
      expect(answer).toStrictEqual({ status: 200, text: interaction.response.body.toString('utf8') });
      expect(JSON.parse(replay.requests[0].body)).toStrictEqual(interaction.request.body);
      expect(replay.requests[0].path).toBe('/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-12-01-preview');
    },
  );

  it('the SDK assembles the streamed tool call, and the tool result goes back in the next streamed turn', async () => {
    let next = 0;
    const replay = await replayServer(() => replayAnswerOf(toolStream[next++], { split: 'events' }));
    const running = await startGateway([azureDeployment(replay, { model: 'azure/gpt-4o-mini' }, 'gpt-4o-mini')]);
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of await running.client.chat.completions.create(toolStream[0].request.body as OpenAI.ChatCompletionCreateParamsStreaming)) chunks.push(chunk);
    const call = { id: '', name: '', arguments: '' };
    for (const chunk of chunks) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        call.id += delta.id ?? '';
        call.name += delta.function?.name ?? '';
        call.arguments += delta.function?.arguments ?? '';
      }
    }
    expect(call).toStrictEqual({ id: 'call_ZR5UUuTt3pf61kjwAJIYdVMj', name: 'get_capital', arguments: '{"country":"UK"}' });
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(68);
    let text = '';
    for await (const chunk of await running.client.chat.completions.create(toolStream[1].request.body as OpenAI.ChatCompletionCreateParamsStreaming)) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect(JSON.parse(replay.requests[1].body)).toStrictEqual(toolStream[1].request.body);
  });

  it('an {"error":…} event mid-stream ends the stream with the mapped error as the final event', async () => {
    const body = docFixture('content-streaming.blocked.sse');
    const firstTwo = body.split('\n\n').slice(0, 2).join('\n\n') + '\n\n';
    const errorEvent = '{"error":{"code":"429","message":"Rate limit is exceeded. Try again in 2 seconds.","status":429}}';
    const replay = await replayServer(sseAnswer(`${firstTwo}data: ${errorEvent}\n\n`));
    const running = await startGateway([azureDeployment(replay)]);
    const answer = await postRaw(running, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(answer.text).toBe(`${firstTwo}data: {"error":{"message":"azure: Rate limit is exceeded. Try again in 2 seconds.","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}\n\n`);
  });

  it('closes the upstream connection when the client aborts mid-stream', async () => {
    const body = docFixture('content-streaming.blocked.sse');
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'text/event-stream' }, body, hangAfterBytes: body.indexOf('\n\n') + 2 });
    const running = await startGateway([azureDeployment(replay)]);
    const controller = new AbortController();
    const stream = await running.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true }, { signal: controller.signal });
    const first = await stream[Symbol.asyncIterator]().next();
    expect(first.value?.choices).toStrictEqual([]);
    controller.abort();
    await replay.requests[0].aborted;
    expect(replay.requests[0].wasAborted()).toBe(true);
  });
});

describe('azure_ai/ (Foundry models)', () => {
  const deepseekChunks = readFixtureText('azure/vercel-ai/responses/azure-deepseek-reasoning.1.chunks.txt').split('\n').filter((line) => line.length > 0);
  // The chunks were recorded as parsed JSON lines (vercel-ai); framed here as the SSE they arrived in.
  const deepseekSse = `${deepseekChunks.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`;

  function foundry(replay: ReplayServer, params: Record<string, unknown> = {}): ModelListEntry {
    return { model_name: 'deepseek', litellm_params: { model: 'azure_ai/deepseek-v4-pro', api_base: `${replay.url}/models`, api_key: 'foundry-key-0001', ...params } };
  }

  it('posts to /models/chat/completions with the model inference GA api-version, and streams reasoning and usage byte for byte (vercel-ai azure-deepseek-reasoning)', async () => {
    const replay = await replayServer(sseAnswer(deepseekSse, 97));
    const running = await startGateway([foundry(replay)]);
    const request = { model: 'deepseek', messages: [{ role: 'user', content: 'Invent a new holiday.' }], stream: true, stream_options: { include_usage: true } };
    const answer = await postRaw(running, request);
    expect(answer).toStrictEqual({ status: 200, text: deepseekSse });
    expect({ path: replay.requests[0].path, authorization: replay.requests[0].headers.authorization, body: JSON.parse(replay.requests[0].body) as unknown }).toStrictEqual({
      path: '/models/chat/completions?api-version=2025-04-01',
      authorization: 'Bearer foundry-key-0001',
      body: { ...request, model: 'deepseek-v4-pro' },
    });
  });

  it('the SDK gets the reasoning deltas and the usage chunk', async () => {
    const replay = await replayServer(sseAnswer(deepseekSse, 'events'));
    const running = await startGateway([foundry(replay)]);
    let reasoning = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    const stream = await running.client.chat.completions.create({ model: 'deepseek', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) {
      reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string | null } | undefined)?.reasoning_content ?? '';
      if (chunk.choices.length === 0) usage = chunk.usage;
    }
    expect(reasoning.slice(0, 47)).toBe('We need to invent a new holiday around the late');
    expect(usage).toStrictEqual({ prompt_tokens: 19, total_tokens: 1739, completion_tokens: 1720, prompt_tokens_details: null, reasoning_tokens: 0 } as unknown as OpenAI.CompletionUsage);
  });

  it('returns a non-streamed reasoning answer unchanged from a serverless endpoint root', async () => {
    const text = readFixtureText('azure/vercel-ai/responses/azure-deepseek-reasoning.1.json');
    const replay = await replayServer(jsonAnswer(text));
    const running = await startGateway([foundry(replay, { api_base: replay.url })]);
    const response = await running.client.chat.completions.create({ model: 'deepseek', messages: [{ role: 'user', content: 'hi' }] }).asResponse();
    expect(await response.text()).toBe(text);
    expect(replay.requests[0].path).toBe('/chat/completions');
  });

  it('a content_filter 400 from the model inference API is a ContentPolicyViolationError (doc: Azure AI Model Inference API, Content safety)', async () => {
    const replay = await replayServer(jsonAnswer('{"status": 400, "code": "content_filter", "message": "The response was filtered", "param": "messages", "type": null}', 400));
    const running = await startGateway([foundry(replay)]);
    const error = await rejectionOf(running.client.chat.completions.create({ model: 'deepseek', messages: [{ role: 'user', content: 'hi' }] }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toStrictEqual({
      message: 'azure_ai: The response was filtered',
      type: 'invalid_request_error',
      param: 'messages',
      code: 'content_policy_violation',
    });
  });
});

describe('upstream errors reach the client as the SDK’s own classes', () => {
  it('a filtered prompt is a 400 content_policy_violation keeping Azure’s message (doc: Use a blocklist)', async () => {
    const replay = await replayServer(jsonAnswer(docFixture('prompt-filtered.400.json'), 400));
    const running = await startGateway([azureDeployment(replay)]);
    const error = await rejectionOf(running.client.chat.completions.create(azureCallRequest));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect({ status: apiError.status, body: apiError.error }).toStrictEqual({
      status: 400,
      body: {
        message:
          "azure: The response was filtered due to the prompt triggering Azure OpenAI’s content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
        type: 'invalid_request_error',
        param: 'prompt',
        code: 'content_policy_violation',
      },
    });
  });

  it('a filtered prompt on a streamed request is the same 400, before any chunk', async () => {
    const replay = await replayServer(jsonAnswer(docFixture('prompt-filtered.400.json'), 400));
    const running = await startGateway([azureDeployment(replay)]);
    const answer = await postRaw(running, { ...azureCallRequest, stream: true });
    expect(answer.status).toBe(400);
    expect((JSON.parse(answer.text) as { error: { code: string } }).error.code).toBe('content_policy_violation');
  });

  it('a 429 with retry-after-ms is a RateLimitError with retry-after in seconds', async () => {
    const body =
      '{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-12-01-preview have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds."}}';
    const replay = await replayServer(jsonAnswer(body, 429, { 'retry-after-ms': '5400', 'x-ratelimit-remaining-requests': '0' }));
    const running = await startGateway([azureDeployment(replay)]);
    const error = await rejectionOf(running.client.chat.completions.create(azureCallRequest));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect({ status: apiError.status, code: apiError.code, type: apiError.type, retryAfter: apiError.headers.get('retry-after') }).toStrictEqual({
      status: 429,
      code: 'rate_limit_exceeded',
      type: 'rate_limit_error',
      retryAfter: '6',
    });
  });

  it('DeploymentNotFound is a NotFoundError', async () => {
    const body =
      '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}';
    const replay = await replayServer(jsonAnswer(body, 404));
    const running = await startGateway([azureDeployment(replay)]);
    const error = await rejectionOf(running.client.chat.completions.create(azureCallRequest));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toStrictEqual({
      message: 'azure: The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
      type: 'invalid_request_error',
      param: null,
      code: 'not_found',
    });
  });

  it('a 401 is an AuthenticationError and the key appears in no log line', async () => {
    const key = 'azure-secret-key-abcdef0123456789';
    const body = `{"error":{"code":"401","message":"Access denied due to invalid subscription key ${key} or wrong API endpoint."}}`;
    const replay = await replayServer(jsonAnswer(body, 401));
    const running = await startGateway([azureDeployment(replay, { api_key: key })]);
    const error = await rejectionOf(running.client.chat.completions.create(azureCallRequest));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const apiError = error as InstanceType<typeof OpenAI.AuthenticationError>;
    expect({ status: apiError.status, code: apiError.code, type: apiError.type, message: apiError.error }).toStrictEqual({
      status: 401,
      code: 'invalid_api_key',
      type: 'authentication_error',
      message: { message: 'azure: Access denied due to invalid subscription key …6789 or wrong API endpoint.', type: 'authentication_error', param: null, code: 'invalid_api_key' },
    });
    expect(running.logs.filter((line) => line.includes(key))).toStrictEqual([]);
  });

  it('a 500 is a 502 upstream_error', async () => {
    const replay = await replayServer(jsonAnswer('{"error":{"code":"InternalServerError","message":"The service is temporarily unable to process your request. Please try again later."}}', 500));
    const running = await startGateway([azureDeployment(replay)]);
    const error = await rejectionOf(running.client.chat.completions.create(azureCallRequest));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect({ status: (error as InstanceType<typeof OpenAI.InternalServerError>).status, code: (error as InstanceType<typeof OpenAI.InternalServerError>).code }).toStrictEqual({
      status: 502,
      code: 'upstream_error',
    });
  });
});

describe('embeddings', () => {
  it('posts to the deployment’s embeddings path (recorded OpenAI body standing in for Azure’s identical answer)', async () => {
    const text = readFixtureText('openai/vercel-ai/embedding/openai-embedding.json');
    const replay = await replayServer(jsonAnswer(text));
    const running = await startGateway([{ model_name: 'embed', litellm_params: { model: 'azure/text-embedding-3-small', api_base: replay.url, api_key: 'k-embed-0001' } }]);
    const request = { model: 'embed', input: ['sunny day at the beach', 'rainy day in the city'], encoding_format: 'float' as const };
    const response = await running.client.embeddings.create(request);
    expect(response).toStrictEqual(JSON.parse(text));
    expect({ path: replay.requests[0].path, key: replay.requests[0].headers['api-key'], body: JSON.parse(replay.requests[0].body) as unknown }).toStrictEqual({
      path: '/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21',
      key: 'k-embed-0001',
      body: { ...request, model: 'text-embedding-3-small' },
    });
  });
});

describe('boot checks', () => {
  it('refuses a deployment without api_base or credentials, naming both', async () => {
    for (const name of ['AZURE_API_BASE', 'AZURE_OPENAI_ENDPOINT', 'AZURE_API_KEY', 'AZURE_OPENAI_API_KEY', 'AZURE_AD_TOKEN', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET']) vi.stubEnv(name, '');
    await expect(startGateway([{ model_name: 'gpt-4o', litellm_params: { model: 'azure/gpt-4o' } }])).rejects.toThrow(
      "model gpt-4o (azure/gpt-4o): litellm_params.api_base is required: your resource's endpoint, e.g. https://my-resource.openai.azure.com (or set AZURE_API_BASE or AZURE_OPENAI_ENDPOINT)",
    );
  });

  it('refuses two sign-in methods at once', async () => {
    await expect(
      startGateway([{ model_name: 'gpt-4o', litellm_params: { model: 'azure/gpt-4o', api_base: 'https://r.openai.azure.com', api_key: 'k', azure_ad_token: 't' } }]),
    ).rejects.toThrow('litellm_params.api_key, litellm_params.azure_ad_token and litellm_params.tenant_id/client_id/client_secret are different ways to sign in: give only one');
  });
});
