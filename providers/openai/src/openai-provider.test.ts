import { join } from 'node:path';
import OpenAI from 'openai';
import { createLogger, type ChatRequest, type Deployment, type ModelListEntry, type ProviderCall, type UpstreamHttp } from '@switchyard/core';
import {
  createProviderHarness,
  openAPIValidator,
  readCassette,
  readFixture,
  readFixtureJson,
  readFixtureText,
  rejectionOf,
  replayAnswerOf,
  specsDir,
  type ProviderHarnessGateway,
  type ReplayResponse,
  type ReplayServer,
} from '@switchyard/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openai } from './openai-provider.js';

/*
 * End to end: the official openai client talks to a real gateway (createGateway + listen), whose deployments point at
 * a loopback replay server answering with recorded provider traffic from shared/fixtures.
 */

const spec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));
// The harness's logger has no scrubber, so a key in a log line would show even before core's scrubbing.
const { replayServer, startGateway, cleanup } = createProviderHarness({ providers: [openai], client: (baseURL) => new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 }) });

afterEach(async () => {
  await cleanup();
  vi.unstubAllEnvs();
});

function jsonAnswer(path: string, status = 200, headers: Record<string, string> = {}): ReplayResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: readFixture(path) };
}

function sseAnswer(path: string, split: ReplayResponse['split'] = 'whole'): ReplayResponse {
  return { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, body: readFixture(path), split };
}

async function postRaw(running: ProviderHarnessGateway<OpenAI>, body: unknown): Promise<{ status: number; contentType: string | null; text: string }> {
  const response = await running.postJson('/chat/completions', body);
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

function sseDataOf(text: string): unknown[] {
  return text
    .split(/\n\n/)
    .filter((block) => block.startsWith('data: ') && block !== 'data: [DONE]')
    .map((block) => JSON.parse(block.slice('data: '.length)) as unknown);
}

const structuredOutputRequest = {
  model: 'gpt-4o',
  messages: [{ role: 'user' as const, content: "What's the weather like in SF?" }],
  response_format: {
    type: 'json_schema' as const,
    json_schema: {
      name: 'location',
      strict: true,
      schema: { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string', enum: ['c', 'f'] } }, required: ['city', 'units'], additionalProperties: false },
    },
  },
};

function openAIDeployment(replay: ReplayServer, overrides: Record<string, unknown> = {}): ModelListEntry {
  return { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o-2024-08-06', api_base: `${replay.url}/v1`, api_key: 'sk-test-structured-0001', ...overrides } };
}

describe('JSON chat completions', () => {
  it('gives the client the exact recorded body (openai-node chat.structured-output)', async () => {
    const replay = await replayServer(jsonAnswer('openai/openai-node/chat.structured-output.json'));
    const running = await startGateway([openAIDeployment(replay)]);
    const response = await running.client.chat.completions.create(structuredOutputRequest).asResponse();
    expect({ status: response.status, contentType: response.headers.get('content-type'), text: await response.text() }).toStrictEqual({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      text: readFixtureText('openai/openai-node/chat.structured-output.json'),
    });
  });

  it('hands the SDK the parsed completion', async () => {
    const replay = await replayServer(jsonAnswer('openai/openai-node/chat.structured-output.json'));
    const running = await startGateway([openAIDeployment(replay)]);
    const completion = await running.client.chat.completions.create(structuredOutputRequest);
    expect(completion).toStrictEqual({
      id: 'chatcmpl-9uLhvwLPvKOZoJ7hwaa666fYuxYif',
      object: 'chat.completion',
      created: 1723216839,
      model: 'gpt-4o-2024-08-06',
      choices: [{ index: 0, message: { role: 'assistant', content: '{"city":"San Francisco","units":"c"}', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 17, completion_tokens: 10, total_tokens: 27 },
      system_fingerprint: 'fp_2a322c9ffc',
    });
    expect(spec.check('CreateChatCompletionResponse', completion)).toStrictEqual([]);
  });

  it('sends the client body with only model replaced, to /v1/chat/completions, with the deployment key', async () => {
    const replay = await replayServer(jsonAnswer('openai/openai-node/chat.structured-output.json'));
    const running = await startGateway([openAIDeployment(replay)]);
    await running.client.chat.completions.create(structuredOutputRequest);
    const [received] = replay.requests;
    const expectedBody = { ...structuredOutputRequest, model: 'gpt-4o-2024-08-06' };
    expect({ method: received.method, path: received.path, body: received.body }).toStrictEqual({
      method: 'POST',
      path: '/v1/chat/completions',
      body: JSON.stringify(expectedBody),
    });
    expect(spec.check('CreateChatCompletionRequest', JSON.parse(received.body))).toStrictEqual([]);
  });

  it('forwards no client header, only the deployment key, content type and connection headers', async () => {
    const replay = await replayServer(jsonAnswer('openai/openai-node/chat.structured-output.json'));
    const running = await startGateway([openAIDeployment(replay)]);
    await running.client.chat.completions.create(structuredOutputRequest, {
      headers: { 'x-client-thing': 'must-not-cross', 'openai-organization': 'org-client', connection: 'keep-alive, x-client-thing', te: 'trailers' },
    });
    const [received] = replay.requests;
    expect(received.headers).toStrictEqual({
      host: replay.url.slice('http://'.length),
      connection: 'keep-alive',
      'content-type': 'application/json',
      authorization: 'Bearer sk-test-structured-0001',
      'content-length': String(Buffer.byteLength(received.body)),
    });
  });

  it('returns tool calls (pydantic-ai test_tool_choice_matrix required-openai)', async () => {
    const [interaction] = readCassette('openai/pydantic-ai/test_tool_choice_matrix.required-openai');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([{ model_name: 'gpt-5-mini', litellm_params: { model: 'openai/gpt-5-mini', api_base: `${replay.url}/v1`, api_key: 'sk-test-tools-0001' } }]);
    const request = interaction.request.body as OpenAI.ChatCompletionCreateParamsNonStreaming;
    const completion = await running.client.chat.completions.create(request);
    expect(completion.choices[0].message.tool_calls).toStrictEqual([{ function: { arguments: '{"city":"Paris"}', name: 'get_weather' }, id: 'call_injwxidE5XUzmiKVfOH3rxf2', type: 'function' }]);
    expect(completion).toStrictEqual(JSON.parse(interaction.response.body.toString('utf8')));
    // The recorder saw exactly what this client sent through the gateway.
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual(interaction.request.body);
    expect(replay.requests[0].path).toBe(new URL(interaction.request.uri).pathname);
    expect(spec.check('CreateChatCompletionRequest', JSON.parse(replay.requests[0].body))).toStrictEqual([]);
    // The spec lags the recorded answer: it requires choices[].logprobs (absent here) and types system_fingerprint as a
    // string (null here). Everything else conforms.
    expect(spec.check('CreateChatCompletionResponse', completion)).toStrictEqual(['choices[0].logprobs: is required', 'system_fingerprint: must be string']);
  });
});

describe('streamed chat completions', () => {
  const toolStream = 'openai/pydantic-ai/test_run_stream_sync_streams_real_model';

  it.each([['whole' as const], ['events' as const], [7]])('writes the recorded SSE bytes unchanged (tool-call deltas + usage, upstream split %s)', async (split) => {
    const [interaction] = readCassette(toolStream);
    const replay = await replayServer(replayAnswerOf(interaction, { split }));
    const running = await startGateway([{ model_name: 'gpt-4o-mini', litellm_params: { model: 'openai/gpt-4o-mini', api_base: `${replay.url}/v1`, api_key: 'sk-test-stream-0001' } }]);
    const answer = await postRaw(running, interaction.request.body);
    expect(answer).toStrictEqual({ status: 200, contentType: 'text/event-stream; charset=utf-8', text: interaction.response.body.toString('utf8') });
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual(interaction.request.body);
  });

  it('lets the SDK assemble the streamed tool call and usage', async () => {
    const [interaction] = readCassette(toolStream);
    const replay = await replayServer(replayAnswerOf(interaction, { split: 'events' }));
    const running = await startGateway([{ model_name: 'gpt-4o-mini', litellm_params: { model: 'openai/gpt-4o-mini', api_base: `${replay.url}/v1`, api_key: 'sk-test-stream-0001' } }]);
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    const stream = await running.client.chat.completions.create(interaction.request.body as OpenAI.ChatCompletionCreateParamsStreaming);
    for await (const chunk of stream) chunks.push(chunk);
    const toolCall = { id: '', name: '', arguments: '' };
    for (const chunk of chunks) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        toolCall.id += delta.id ?? '';
        toolCall.name += delta.function?.name ?? '';
        toolCall.arguments += delta.function?.arguments ?? '';
      }
    }
    expect(toolCall).toStrictEqual({ id: 'call_ZR5UUuTt3pf61kjwAJIYdVMj', name: 'get_capital', arguments: '{"country":"UK"}' });
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toStrictEqual([null, null, null, null, null, null, 'tool_calls', null]);
    expect(chunks.at(-1)?.usage).toStrictEqual({
      prompt_tokens: 53,
      completion_tokens: 15,
      total_tokens: 68,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  });

  it('sends stream chunks that conform to CreateChatCompletionStreamResponse', async () => {
    const [interaction] = readCassette(toolStream);
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([{ model_name: 'gpt-4o-mini', litellm_params: { model: 'openai/gpt-4o-mini', api_base: `${replay.url}/v1`, api_key: 'sk-test-stream-0001' } }]);
    const answer = await postRaw(running, interaction.request.body);
    const problems = sseDataOf(answer.text).map((chunk) => spec.check('CreateChatCompletionStreamResponse', chunk));
    expect(problems).toStrictEqual(Array.from({ length: 8 }, () => []));
    expect(spec.check('CreateChatCompletionRequest', JSON.parse(replay.requests[0].body))).toStrictEqual([]);
  });

  it.each([['whole' as const], ['events' as const], [7]])('writes a logprobs stream byte for byte (openai-node chat-stream.content-logprobs, upstream split %s)', async (split) => {
    const replay = await replayServer(sseAnswer('openai/openai-node/chat-stream.content-logprobs.sse', split));
    const running = await startGateway([openAIDeployment(replay)]);
    const answer = await postRaw(running, { ...structuredOutputRequest, stream: true, stream_options: { include_usage: true }, logprobs: true });
    expect(answer.text).toBe(readFixtureText('openai/openai-node/chat-stream.content-logprobs.sse'));
  });

  it('gives the SDK the streamed content with its logprobs', async () => {
    const replay = await replayServer(sseAnswer('openai/openai-node/chat-stream.content-logprobs.sse', 'events'));
    const running = await startGateway([openAIDeployment(replay)]);
    const stream = await running.client.chat.completions.create({ ...structuredOutputRequest, stream: true, stream_options: { include_usage: true }, logprobs: true });
    let content = '';
    const tokens: Array<[string, number]> = [];
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? '';
      for (const logprob of chunk.choices[0]?.logprobs?.content ?? []) tokens.push([logprob.token, logprob.logprob]);
    }
    expect(content).toBe('{"city":"San Francisco","units":"f"}');
    expect(tokens).toStrictEqual([
      ['{"', -0.0036115935],
      ['city', -8.418666e-6],
      ['":"', -0.00034666734],
      ['San', -0.013863761],
      [' Francisco', -0.00003190179],
      ['","', -0.03384693],
      ['units', -1.2664457e-6],
      ['":"', -0.000031305768],
      ['f', -0.5759394],
      ['"}', -0.0000420341],
    ]);
  });

  it('closes the upstream connection when the client aborts mid-stream', async () => {
    const body = readFixture('openai/openai-node/chat-stream.content-logprobs.sse');
    const firstEvent = body.indexOf('\n\n') + 2;
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'text/event-stream' }, body, hangAfterBytes: firstEvent });
    const running = await startGateway([openAIDeployment(replay)]);
    const controller = new AbortController();
    const stream = await running.client.chat.completions.create({ ...structuredOutputRequest, stream: true }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.choices[0].delta).toStrictEqual({ role: 'assistant', content: '', refusal: null });
    controller.abort();
    await replay.requests[0].aborted;
    expect(replay.requests[0].wasAborted()).toBe(true);
  });
});

describe('embeddings and models', () => {
  it('creates embeddings (vercel-ai openai-embedding)', async () => {
    const replay = await replayServer(jsonAnswer('openai/vercel-ai/embedding/openai-embedding.json'));
    const running = await startGateway([
      { model_name: 'text-embedding-3-small', litellm_params: { model: 'openai/text-embedding-3-small', api_base: `${replay.url}/v1`, api_key: 'sk-test-embed-0001' } },
    ]);
    const request = { model: 'text-embedding-3-small', input: ['sunny day at the beach', 'rainy day in the city'], encoding_format: 'float' as const };
    const response = await running.client.embeddings.create(request);
    expect(response).toStrictEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.0057293195, -0.012727811, 0.020042092, -0.013437585, 0.022833068] },
        { object: 'embedding', index: 1, embedding: [-0.037104916, -0.05178114, -0.008340587, 0.001164541, -0.0035253682] },
      ],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 12, total_tokens: 12 },
    });
    expect({ path: replay.requests[0].path, body: JSON.parse(replay.requests[0].body) }).toStrictEqual({ path: '/v1/embeddings', body: request });
    expect(spec.check('CreateEmbeddingRequest', request)).toStrictEqual([]);
    expect(spec.check('CreateEmbeddingResponse', response)).toStrictEqual([]);
  });

  it("lists the gateway's models on GET /v1/models", async () => {
    const replay = await replayServer();
    const running = await startGateway([
      openAIDeployment(replay),
      { model_name: 'llama-3.3-70b', litellm_params: { model: 'groq/llama-3.3-70b-versatile', api_key: 'gsk_test' } },
      { model_name: 'local-qwen', litellm_params: { model: 'lm_studio/qwen2.5' } },
    ]);
    const page = await running.client.models.list();
    expect(page.data).toStrictEqual([
      { id: 'gpt-4o', object: 'model', created: running.gateway.startedAt, owned_by: 'openai' },
      { id: 'llama-3.3-70b', object: 'model', created: running.gateway.startedAt, owned_by: 'groq' },
      { id: 'local-qwen', object: 'model', created: running.gateway.startedAt, owned_by: 'lm_studio' },
    ]);
    expect(replay.requests).toStrictEqual([]);
  });

  it('listModels reads GET /models (body from the OpenAI API reference example)', async () => {
    // The example response of "List models" in OpenAI's API reference.
    const referenceBody = {
      object: 'list',
      data: [
        { id: 'model-id-0', object: 'model', created: 1686935002, owned_by: 'organization-owner' },
        { id: 'model-id-1', object: 'model', created: 1686935002, owned_by: 'organization-owner' },
        { id: 'model-id-2', object: 'model', created: 1686935002, owned_by: 'openai' },
      ],
    };
    expect(spec.check('ListModelsResponse', referenceBody)).toStrictEqual([]);
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(referenceBody) });
    const running = await startGateway([{ model_name: 'openrouter/*', litellm_params: { model: 'openrouter/*', api_base: `${replay.url}/api/v1`, api_key: 'sk-or-test-0001' } }]);
    const models = await openai.listModels(providerCall(running.gateway.deployments[0]));
    expect(models).toStrictEqual(referenceBody.data);
    expect({ method: replay.requests[0].method, path: replay.requests[0].path, authorization: replay.requests[0].headers.authorization }).toStrictEqual({
      method: 'GET',
      path: '/api/v1/models',
      authorization: 'Bearer sk-or-test-0001',
    });
  });
});

describe('upstream errors reach the client as the SDK’s own classes', () => {
  it('404 model_not_found on embeddings is a NotFoundError (pydantic-ai TestOpenAI.test_embed_error)', async () => {
    const [interaction] = readCassette('openai/pydantic-ai/TestOpenAI.test_embed_error');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([{ model_name: 'nonexistent', litellm_params: { model: 'openai/nonexistent', api_base: `${replay.url}/v1`, api_key: 'sk-test-embed-0001' } }]);
    const error = await rejectionOf(running.client.embeddings.create(interaction.request.body as OpenAI.EmbeddingCreateParams));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const apiError = error as InstanceType<typeof OpenAI.NotFoundError>;
    expect({ status: apiError.status, code: apiError.code, param: apiError.param, type: apiError.type, message: apiError.message }).toStrictEqual({
      status: 404,
      code: 'model_not_found',
      param: null,
      type: 'invalid_request_error',
      message: '404 openai: The model `nonexistent` does not exist or you do not have access to it.',
    });
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual(interaction.request.body);
  });

  it('400 unsupported_parameter is a BadRequestError naming max_tokens (vercel-ai reasoning-model-legacy-parameter-error)', async () => {
    const replay = await replayServer(jsonAnswer('openai/vercel-ai/chat/reasoning-model-legacy-parameter-error.json', 400));
    const running = await startGateway([{ model_name: 'o3-mini', litellm_params: { model: 'openai/o3-mini', api_base: `${replay.url}/v1`, api_key: 'sk-test-o3-0001' } }]);
    const error = await rejectionOf(running.client.chat.completions.create({ model: 'o3-mini', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 100 }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect({ status: apiError.status, code: apiError.code, param: apiError.param, type: apiError.type }).toStrictEqual({
      status: 400,
      code: 'unsupported_parameter',
      param: 'max_tokens',
      type: 'invalid_request_error',
    });
  });

  it('429 is a RateLimitError with the upstream retry-after (body from the OpenAI error-codes reference)', async () => {
    const body = '{"error":{"message":"Rate limit reached for gpt-4o in organization org-abc on requests per min (RPM): Limit 3, Used 3, Requested 1.","type":"requests","param":null,"code":"rate_limit_exceeded"}}';
    const replay = await replayServer({ status: 429, headers: { 'content-type': 'application/json', 'retry-after': '20' }, body });
    const running = await startGateway([openAIDeployment(replay)]);
    const error = await rejectionOf(running.client.chat.completions.create(structuredOutputRequest));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect({ status: apiError.status, code: apiError.code, type: apiError.type, retryAfter: apiError.headers.get('retry-after') }).toStrictEqual({
      status: 429,
      code: 'rate_limit_exceeded',
      type: 'requests',
      retryAfter: '20',
    });
  });

  it('a 500 from the upstream is a 502 upstream_error', async () => {
    const body = '{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}';
    const replay = await replayServer({ status: 500, headers: { 'content-type': 'application/json' }, body });
    const running = await startGateway([openAIDeployment(replay)]);
    const error = await rejectionOf(running.client.chat.completions.create(structuredOutputRequest));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const apiError = error as InstanceType<typeof OpenAI.InternalServerError>;
    expect({ status: apiError.status, code: apiError.code, type: apiError.type, message: apiError.message }).toStrictEqual({
      status: 502,
      code: 'upstream_error',
      type: 'upstream_error',
      message: '502 openai: The server had an error while processing your request. Sorry about that!',
    });
  });

  it('a 401 that echoes the configured key shows it neither to the client nor in any log line', async () => {
    const key = 'sk-proj-echoedKey0123456789wxyz';
    const body = `{"error":{"message":"Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`;
    const replay = await replayServer({ status: 401, headers: { 'content-type': 'application/json' }, body });
    const running = await startGateway([openAIDeployment(replay, { api_key: key })]);
    const error = await rejectionOf(running.client.chat.completions.create(structuredOutputRequest));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const apiError = error as InstanceType<typeof OpenAI.AuthenticationError>;
    expect({ status: apiError.status, code: apiError.code, body: apiError.error }).toStrictEqual({
      status: 401,
      code: 'invalid_api_key',
      body: {
        message: 'openai: Incorrect API key provided: sk-…wxyz. You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    expect(running.logs.length).toBeGreaterThan(0);
    expect(running.logs.filter((line) => line.includes(key))).toStrictEqual([]);
  });

  it('a 401 that echoes a key read from the environment masks it too', async () => {
    const key = 'localsecret0123456789abcd';
    vi.stubEnv('HOSTED_VLLM_API_KEY', key);
    const body = `{"error":{"message":"Invalid API key: ${key}","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`;
    const replay = await replayServer({ status: 401, headers: { 'content-type': 'application/json' }, body });
    const running = await startGateway([{ model_name: 'llama', litellm_params: { model: 'hosted_vllm/meta-llama/Llama-3.1-8B-Instruct', api_base: `${replay.url}/v1` } }]);
    const error = await rejectionOf(running.client.chat.completions.create({ model: 'llama', messages: [{ role: 'user', content: 'hi' }] }));
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).error).toStrictEqual({
      message: 'hosted_vllm: Invalid API key: …abcd',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
    expect(replay.requests[0].headers.authorization).toBe(`Bearer ${key}`);
    expect(running.logs.filter((line) => line.includes(key))).toStrictEqual([]);
  });

  it('an {"error":…} event mid-stream ends the stream with that error as the final event', async () => {
    const recorded = readFixtureText('openai/openai-node/chat-stream.content-logprobs.sse');
    const firstEvent = recorded.slice(0, recorded.indexOf('\n\n') + 2);
    const errorEvent = '{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}';
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: `${firstEvent}data: ${errorEvent}\n\n` });
    const running = await startGateway([openAIDeployment(replay)]);
    const answer = await postRaw(running, { ...structuredOutputRequest, stream: true });
    expect(answer.text).toBe(
      `${firstEvent}data: {"error":{"message":"openai: The server had an error while processing your request.","type":"upstream_error","param":null,"code":"upstream_error"}}\n\n`,
    );
  });
});

describe('presets', () => {
  it('groq/ posts to /openai/v1/chat/completions and passes the answer through (pydantic-ai test_groq_model_instructions)', async () => {
    const [interaction] = readCassette('openai-compatible/pydantic-ai/test_groq_model_instructions');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([
      { model_name: 'llama-3.3-70b-versatile', litellm_params: { model: 'groq/llama-3.3-70b-versatile', api_base: `${replay.url}/openai/v1`, api_key: 'gsk_test_0001' } },
    ]);
    const response = await running.client.chat.completions.create(interaction.request.body as OpenAI.ChatCompletionCreateParamsNonStreaming).asResponse();
    expect(await response.text()).toBe(interaction.response.body.toString('utf8'));
    expect(replay.requests[0].path).toBe('/openai/v1/chat/completions');
    expect(new URL(interaction.request.uri).pathname).toBe('/openai/v1/chat/completions');
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual(interaction.request.body);
  });

  it("groq/ hands the SDK Groq's own fields (x_groq, usage timings)", async () => {
    const [interaction] = readCassette('openai-compatible/pydantic-ai/test_groq_model_instructions');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([
      { model_name: 'llama-3.3-70b-versatile', litellm_params: { model: 'groq/llama-3.3-70b-versatile', api_base: `${replay.url}/openai/v1`, api_key: 'gsk_test_0001' } },
    ]);
    const completion = (await running.client.chat.completions.create(interaction.request.body as OpenAI.ChatCompletionCreateParamsNonStreaming)) as OpenAI.ChatCompletion & {
      x_groq?: unknown;
    };
    expect({ content: completion.choices[0].message.content, x_groq: completion.x_groq, usage: completion.usage }).toStrictEqual({
      content: 'The capital of France is Paris.',
      x_groq: { id: 'req_01jr8hj0hzeq9b86xqb5dn7wqs' },
      usage: { completion_time: 0.029090909, completion_tokens: 8, prompt_time: 0.002665957, prompt_tokens: 48, queue_time: 0.100731848, total_time: 0.031756866, total_tokens: 56 },
    });
  });

  it("groq/ 404 model_not_found is a NotFoundError with Groq's message (pydantic-ai test_model_name_suggestion[groq])", async () => {
    const [interaction] = readCassette('openai-compatible/pydantic-ai/test_model_name_suggestion.groq');
    const replay = await replayServer(replayAnswerOf(interaction));
    const running = await startGateway([
      { model_name: 'llama-3.3-70b-versatlie', litellm_params: { model: 'groq/llama-3.3-70b-versatlie', api_base: `${replay.url}/openai/v1`, api_key: 'gsk_test_0001' } },
    ]);
    const error = await rejectionOf(running.client.chat.completions.create(interaction.request.body as OpenAI.ChatCompletionCreateParamsNonStreaming));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const apiError = error as InstanceType<typeof OpenAI.NotFoundError>;
    expect({ status: apiError.status, code: apiError.code, message: apiError.message }).toStrictEqual({
      status: 404,
      code: 'model_not_found',
      message: '404 groq: The model `llama-3.3-70b-versatlie` does not exist or you do not have access to it.',
    });
  });

  it('groq/ 400 tool_use_failed keeps its message and the failed generation, then the retry succeeds (pydantic-ai test_tool_use_failed_error)', async () => {
    const interactions = readCassette('openai-compatible/pydantic-ai/test_tool_use_failed_error');
    let next = 0;
    const replay = await replayServer(() => replayAnswerOf(interactions[next++]));
    const running = await startGateway([
      { model_name: 'openai/gpt-oss-120b', litellm_params: { model: 'groq/openai/gpt-oss-120b', api_base: `${replay.url}/openai/v1`, api_key: 'gsk_test_0001' } },
    ]);
    const requests = interactions.map((interaction) => interaction.request.body as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const error = await rejectionOf(running.client.chat.completions.create(requests[0]));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toStrictEqual({
      message:
        "groq: Tool call validation failed: tool call validation failed: parameters for tool get_something_by_name did not match schema: errors: [missing properties: 'name', additionalProperties 'foo' not allowed]" +
        ' (failed_generation: {"name": "get_something_by_name", "arguments": {\n  "foo": "bar"\n}})',
      type: 'invalid_request_error',
      param: null,
      code: 'tool_use_failed',
    });
    const second = await running.client.chat.completions.create(requests[1]);
    expect(second.choices[0].message.tool_calls).toStrictEqual([
      { function: { arguments: '{"name":"test"}', name: 'get_something_by_name' }, id: 'fc_311ba17b-89f9-48d3-8fd9-7e74a1264855', type: 'function' },
    ]);
    const third = await running.client.chat.completions.create(requests[2]);
    expect(third).toStrictEqual(JSON.parse(interactions[2].response.body.toString('utf8')));
    expect(replay.requests.map((request) => [request.path, JSON.parse(request.body)])).toStrictEqual(
      interactions.map((interaction) => [new URL(interaction.request.uri).pathname, interaction.request.body]),
    );
  });

  it.each([['deepseek-text'], ['deepseek-reasoning']])('deepseek/ posts to /chat/completions at the root and passes %s through', async (name) => {
    const path = `openai-compatible/vercel-ai/deepseek/${name}.json`;
    const replay = await replayServer(jsonAnswer(path));
    const upstreamModel = name === 'deepseek-reasoning' ? 'deepseek-reasoner' : 'deepseek-chat';
    const running = await startGateway([{ model_name: 'deepseek', litellm_params: { model: `deepseek/${upstreamModel}`, api_base: replay.url, api_key: 'sk-deepseek-test-0001' } }]);
    const completion = await running.client.chat.completions.create({ model: 'deepseek', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion).toStrictEqual(readFixtureJson(path));
    expect({ path: replay.requests[0].path, model: (JSON.parse(replay.requests[0].body) as ChatRequest).model }).toStrictEqual({ path: '/chat/completions', model: upstreamModel });
  });

  it('deepseek/ carries reasoning_content and prompt cache usage (vercel-ai deepseek-reasoning)', async () => {
    const replay = await replayServer(jsonAnswer('openai-compatible/vercel-ai/deepseek/deepseek-reasoning.json'));
    const running = await startGateway([{ model_name: 'deepseek-reasoner', litellm_params: { model: 'deepseek/deepseek-reasoner', api_base: replay.url, api_key: 'sk-deepseek-test-0001' } }]);
    const completion = await running.client.chat.completions.create({ model: 'deepseek-reasoner', messages: [{ role: 'user', content: "How many 'r's are in the word 'strawberry'?" }] });
    const message = completion.choices[0].message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    expect({ content: message.content, reasoningStart: message.reasoning_content?.slice(0, 62), usage: completion.usage }).toStrictEqual({
      content: 'The word "strawberry" contains three instances of the letter "r": one after the "t" and two before the "y".',
      reasoningStart: 'We are asked: "How many \'r\'s are in the word \'strawberry\'?" We',
      usage: {
        prompt_tokens: 18,
        completion_tokens: 345,
        total_tokens: 363,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 315 },
        prompt_cache_hit_tokens: 0,
        prompt_cache_miss_tokens: 18,
      },
    });
  });

  it('deepseek/ replays a three-turn tool conversation with thinking (pydantic-ai test_deepseek_deferred_capability_with_thinking)', async () => {
    const interactions = readCassette('openai-compatible/pydantic-ai/test_deepseek_deferred_capability_with_thinking');
    let next = 0;
    const replay = await replayServer(() => replayAnswerOf(interactions[next++]));
    const upstreamModel = (interactions[0].request.body as ChatRequest).model;
    const running = await startGateway([{ model_name: upstreamModel, litellm_params: { model: `deepseek/${upstreamModel}`, api_base: replay.url, api_key: 'sk-deepseek-test-0001' } }]);
    const answers: unknown[] = [];
    for (const interaction of interactions) answers.push(await running.client.chat.completions.create(interaction.request.body as OpenAI.ChatCompletionCreateParamsNonStreaming));
    expect(answers).toStrictEqual(interactions.map((interaction) => JSON.parse(interaction.response.body.toString('utf8'))));
    expect(replay.requests.map((request) => [request.path, JSON.parse(request.body)])).toStrictEqual(interactions.map((interaction) => ['/chat/completions', interaction.request.body]));
  });

  it('xai/ posts to /v1/chat/completions and passes tool calls with reasoning through (vercel-ai xai-tool-call)', async () => {
    const path = 'openai-compatible/vercel-ai/xai/xai-tool-call.json';
    const replay = await replayServer(jsonAnswer(path));
    const running = await startGateway([{ model_name: 'grok-3-mini', litellm_params: { model: 'xai/grok-3-mini', api_base: `${replay.url}/v1`, api_key: 'xai-test-key-0001' } }]);
    const completion = await running.client.chat.completions.create({
      model: 'grok-3-mini',
      messages: [{ role: 'user', content: 'What is the weather in San Francisco?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } } }],
    });
    expect(completion).toStrictEqual(readFixtureJson(path));
    expect({ path: replay.requests[0].path, authorization: replay.requests[0].headers.authorization }).toStrictEqual({ path: '/v1/chat/completions', authorization: 'Bearer xai-test-key-0001' });
  });

  it('openrouter/* sends the wildcard part as the upstream model to /api/v1/chat/completions and streams the answer', async () => {
    // No OpenRouter recording exists here; a recorded OpenAI-compatible stream of a Claude model stands in for its answer.
    const path = 'openai-compatible/vercel-ai/openai-compatible-pkg/anthropic-fallback-tool-call.sse';
    const replay = await replayServer(sseAnswer(path, 'events'));
    const running = await startGateway([{ model_name: 'openrouter/*', litellm_params: { model: 'openrouter/*', api_base: `${replay.url}/api/v1`, api_key: 'sk-or-test-0001' } }]);
    const answer = await postRaw(running, { model: 'openrouter/anthropic/claude-haiku-4.5', messages: [{ role: 'user', content: 'Read a.txt' }], stream: true });
    expect({ path: replay.requests[0].path, body: JSON.parse(replay.requests[0].body) }).toStrictEqual({
      path: '/api/v1/chat/completions',
      body: { model: 'anthropic/claude-haiku-4.5', messages: [{ role: 'user', content: 'Read a.txt' }], stream: true },
    });
    // The recording ends with a bare "data: [DONE]\n"; the gateway writes OpenAI's own "data: [DONE]\n\n".
    expect(answer.text).toBe(`${readFixtureText(path)}\n`);
  });
});

describe('boot checks', () => {
  it('refuses to start a vLLM deployment without api_base', async () => {
    await expect(startGateway([{ model_name: 'llama', litellm_params: { model: 'vllm/meta-llama/Llama-3.1-8B-Instruct' } }])).rejects.toThrow(
      "model llama (vllm/meta-llama/Llama-3.1-8B-Instruct): litellm_params.api_base is required for vllm/ (vLLM): the URL of your server's OpenAI-compatible API, e.g. http://localhost:8000/v1",
    );
  });

  it('refuses to start a Groq deployment with no key anywhere', async () => {
    vi.stubEnv('GROQ_API_KEY', '');
    await expect(startGateway([{ model_name: 'llama', litellm_params: { model: 'groq/llama-3.3-70b-versatile' } }])).rejects.toThrow(
      'model llama (groq/llama-3.3-70b-versatile): no API key for groq/ (Groq): set litellm_params.api_key or the environment variable GROQ_API_KEY',
    );
  });
});

/** A ProviderCall for calling the provider directly, with a fetch-based stand-in for core's HTTP client. */
function providerCall(deployment: Deployment): ProviderCall {
  const http: UpstreamHttp = {
    async getJson(url, init) {
      const response = await fetch(url, { headers: init.headers, signal: init.signal });
      const text = await response.text();
      const headers = Object.fromEntries(response.headers);
      if (!response.ok) throw init.mapError!({ status: response.status, headers, bodyText: text });
      return { status: response.status, headers, body: JSON.parse(text) as never, text };
    },
    postJson: () => Promise.reject(new Error('not used')),
    postStream: () => Promise.reject(new Error('not used')),
    postByteStream: () => Promise.reject(new Error('not used')),
  };
  const logger = createLogger({ level: 'silent' });
  return { deployment, signal: new AbortController().signal, http, requestId: 'test-request', logger };
}
