import { createHash } from 'node:crypto';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ModelListEntry } from '@switchyard/core';
import { createProviderHarness, openAPIValidator, readCassette, readFixture, rejectionOf, replayAnswerOf, specsDir, type ReplayResponse, type ReplayServer } from '@switchyard/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventFrame, eventStreamOfChunks, exceptionFrame } from '../test/event-stream.js';
import { checkBedrockShape } from '../test/service-model.js';
import { bedrock } from './bedrock-provider.js';

/*
 * End to end: the official openai client talks to a real gateway whose bedrock/ deployments point at a loopback
 * replay server answering with recorded Bedrock traffic (pydantic-ai cassettes; ConverseStream bodies byte for byte).
 */

const spec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));
const { replayServer, startGateway, cleanup } = createProviderHarness({ providers: [bedrock], client: (baseURL) => new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 }) });
const accessKeyId = 'AKIDEXAMPLE';
const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const sessionToken = 'FQoGZXIvYXdzEXAMPLESESSIONTOKEN';

afterEach(async () => {
  await cleanup();
  vi.unstubAllEnvs();
});

function deployment(name: string, model: string, replay: ReplayServer, extra: Record<string, unknown> = {}): ModelListEntry {
  return { model_name: name, litellm_params: { model: `bedrock/${model}`, api_base: replay.url, aws_region_name: 'us-east-1', aws_access_key_id: accessKeyId, aws_secret_access_key: secretAccessKey, ...extra } };
}

function cassetteAnswer(stem: string, interaction = 0, headers: Record<string, string> = {}): ReplayResponse {
  return replayAnswerOf(readCassette(stem)[interaction], { headers: { 'x-amzn-requestid': `req-${interaction + 1}`, ...headers } });
}

function streamAnswer(body: Buffer, split: ReplayResponse['split'] = 'whole'): ReplayResponse {
  return { status: 200, headers: { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'req-stream' }, body, split };
}

/** The SigV4 headers every signed call carries, with what can be checked exactly. */
function expectSigned(headers: Record<string, string | string[] | undefined>, body: string, withToken: boolean): void {
  const date = headers['x-amz-date'] as string;
  expect(date).toMatch(/^\d{8}T\d{6}Z$/);
  const signedHeaders = `content-type;host;x-amz-content-sha256;x-amz-date${withToken ? ';x-amz-security-token' : ''}`;
  expect(headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${date.slice(0, 8)}/us-east-1/bedrock/aws4_request, SignedHeaders=${signedHeaders}, Signature=[0-9a-f]{64}$`));
  expect(headers['x-amz-content-sha256']).toBe(createHash('sha256').update(body).digest('hex'));
  expect(headers['x-amz-security-token']).toBe(withToken ? sessionToken : undefined);
  expect(headers['content-type']).toBe('application/json');
}

describe('Converse', () => {
  it('answers plain text and sends a signed Converse request (pydantic-ai test_bedrock_model)', async () => {
    const replay = await replayServer(cassetteAnswer('bedrock/pydantic-ai/test_bedrock_model'));
    const { client } = await startGateway([deployment('nova', 'us.amazon.nova-micro-v1:0', replay)]);
    const before = Math.floor(Date.now() / 1000);
    const completion = await client.chat.completions.create({ model: 'nova', messages: [{ role: 'system', content: 'You are a chatbot.' }, { role: 'user', content: 'Hello!' }] });
    expect({ ...completion, created: 0 }).toStrictEqual({
      id: 'chatcmpl-req-1',
      object: 'chat.completion',
      created: 0,
      model: 'us.amazon.nova-micro-v1:0',
      choices: [{ index: 0, message: { role: 'assistant', content: "Hello! How can I assist you today? Whether you have questions, need information, or just want to chat, I'm here to help.", refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 7, completion_tokens: 30, total_tokens: 37 },
    });
    expect(completion.created).toBeGreaterThanOrEqual(before);
    expect(spec.check('CreateChatCompletionResponse', completion)).toStrictEqual([]);

    const [received] = replay.requests;
    expect({ method: received.method, path: received.path, body: JSON.parse(received.body) as unknown }).toStrictEqual({
      method: 'POST',
      path: '/model/us.amazon.nova-micro-v1%3A0/converse',
      body: { messages: [{ role: 'user', content: [{ text: 'Hello!' }] }], system: [{ text: 'You are a chatbot.' }] },
    });
    expect(checkBedrockShape('ConverseRequest', JSON.parse(received.body))).toStrictEqual([]);
    expectSigned(received.headers, received.body, false);
    expect(Object.keys(received.headers).sort()).toStrictEqual(['authorization', 'connection', 'content-length', 'content-type', 'host', 'x-amz-content-sha256', 'x-amz-date']);
  });

  it('returns a tool call and signs with the session token (pydantic-ai test_tool_choice_matrix[required-bedrock])', async () => {
    const replay = await replayServer(cassetteAnswer('bedrock/pydantic-ai/test_tool_choice_matrix.required-bedrock'));
    const { client } = await startGateway([deployment('claude', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', replay, { aws_session_token: sessionToken })]);
    const completion = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: "What's the weather in Paris?" }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Get weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
      tool_choice: 'required',
    });
    expect(completion.choices).toStrictEqual([
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'tooluse_BvssH5zaRF-PkYOc3BFYJA', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ]);
    expect(completion.usage).toStrictEqual({ prompt_tokens: 655, completion_tokens: 38, total_tokens: 693, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } });
    const [received] = replay.requests;
    // Claude needs max_tokens: the catalog's max_output_tokens for the model fills it in.
    const { system: _empty, ...recorded } = readCassette('bedrock/pydantic-ai/test_tool_choice_matrix.required-bedrock')[0].request.body as Record<string, unknown>;
    expect(JSON.parse(received.body)).toStrictEqual({ ...recorded, inferenceConfig: { maxTokens: 64000 } });
    expect(_empty).toStrictEqual([]);
    expect(received.path).toBe('/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse');
    expectSigned(received.headers, received.body, true);
  });

  it('sends the tool result back and gets the answer (pydantic-ai test_tool_choice_matrix[auto-bedrock] turn 2)', async () => {
    const replay = await replayServer(cassetteAnswer('bedrock/pydantic-ai/test_tool_choice_matrix.auto-bedrock', 1));
    const { client } = await startGateway([deployment('claude', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', replay)]);
    const completion = await client.chat.completions.create({
      model: 'claude',
      max_tokens: 1000,
      messages: [
        { role: 'user', content: "What's the weather in Paris?" },
        { role: 'assistant', content: null, tool_calls: [{ id: 'tooluse_XjTErzm6TpyMMpDviNVY3g', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'tooluse_XjTErzm6TpyMMpDviNVY3g', content: 'Sunny, 22C in Paris' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Get the current weather for a city.', parameters: { additionalProperties: false, properties: { city: { type: 'string' } }, required: ['city'], type: 'object' } } }],
      tool_choice: 'auto',
    });
    expect(completion.choices[0]).toStrictEqual({
      index: 0,
      message: { role: 'assistant', content: 'The weather in Paris is currently sunny with a temperature of 22°C (approximately 72°F). It\'s a beautiful day!', refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    });
    const body = JSON.parse(replay.requests[0].body) as { messages: unknown[] };
    expect(body.messages).toStrictEqual([
      { role: 'user', content: [{ text: "What's the weather in Paris?" }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_XjTErzm6TpyMMpDviNVY3g', name: 'get_weather', input: { city: 'Paris' } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_XjTErzm6TpyMMpDviNVY3g', content: [{ text: 'Sunny, 22C in Paris' }] } }] },
    ]);
  });

  it('returns reasoning with its signed thinking block (pydantic-ai test_bedrock_model_thinking_part_anthropic)', async () => {
    const replay = await replayServer(cassetteAnswer('bedrock/pydantic-ai/test_bedrock_model_thinking_part_anthropic'));
    const { client } = await startGateway([deployment('claude', 'us.anthropic.claude-sonnet-4-20250514-v1:0', replay)]);
    const completion = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'How do I cross the street?' }], reasoning_effort: 'low' });
    const recorded = JSON.parse(readCassette('bedrock/pydantic-ai/test_bedrock_model_thinking_part_anthropic')[0].response.body.toString('utf8')) as { output: { message: { content: Array<{ reasoningContent?: { reasoningText: { text: string; signature: string } }; text?: string }> } } };
    const [thinking, answer] = recorded.output.message.content;
    expect(completion.choices[0].message).toStrictEqual({
      role: 'assistant',
      content: answer.text,
      refusal: null,
      reasoning_content: thinking.reasoningContent!.reasoningText.text,
      thinking_blocks: [{ type: 'thinking', thinking: thinking.reasoningContent!.reasoningText.text, signature: thinking.reasoningContent!.reasoningText.signature }],
    });
    expect(completion.usage).toStrictEqual({ prompt_tokens: 42, completion_tokens: 313, total_tokens: 355, prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 } });
    expect(JSON.parse(replay.requests[0].body)).toStrictEqual({
      messages: [{ role: 'user', content: [{ text: 'How do I cross the street?' }] }],
      inferenceConfig: { maxTokens: 64000 },
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
    });
  });

  it('sends a data: URL image as bytes and refuses an https image URL before calling Bedrock (request from the Converse image example)', async () => {
    const replay = await replayServer(cassetteAnswer('bedrock/pydantic-ai/test_bedrock_model'));
    const { client } = await startGateway([deployment('nova', 'us.amazon.nova-micro-v1:0', replay)]);
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    await client.chat.completions.create({ model: 'nova', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }] });
    expect((JSON.parse(replay.requests[0].body) as { messages: unknown }).messages).toStrictEqual([{ role: 'user', content: [{ text: 'What is this?' }, { image: { format: 'png', source: { bytes: png } } }] }]);

    const error = await rejectionOf(client.chat.completions.create({ model: 'nova', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://169.254.169.254/latest/meta-data' } }] }] }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect({ param: (error as InstanceType<typeof OpenAI.BadRequestError>).param, code: (error as InstanceType<typeof OpenAI.BadRequestError>).code }).toStrictEqual({ param: 'messages[0].content[0].image_url.url', code: 'invalid_request' });
    expect(replay.requests).toHaveLength(1);
  });

  it('uses a Bedrock API key as a bearer token instead of signing (docs: api-keys-use)', async () => {
    vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', 'bedrock-api-key-from-env-0001');
    const replay = await replayServer(cassetteAnswer('bedrock/pydantic-ai/test_bedrock_model'));
    const { client } = await startGateway([{ model_name: 'nova', litellm_params: { model: 'bedrock/us.amazon.nova-micro-v1:0', api_base: replay.url, aws_region_name: 'us-east-1' } }]);
    await client.chat.completions.create({ model: 'nova', messages: [{ role: 'user', content: 'Hello!' }] });
    const { headers } = replay.requests[0];
    expect({ authorization: headers.authorization, date: headers['x-amz-date'], sha: headers['x-amz-content-sha256'] }).toStrictEqual({ authorization: 'Bearer bedrock-api-key-from-env-0001', date: undefined, sha: undefined });
  });
});

describe('ConverseStream', () => {
  it.each([['whole' as const], [1]])('streams the recorded event-stream body (pydantic-ai test_bedrock_model_stream, split %s) with usage', async (split) => {
    const replay = await replayServer(streamAnswer(readFixture('bedrock/pydantic-ai/test_bedrock_model_stream.1.response.eventstream'), split));
    const { client } = await startGateway([deployment('nova', 'us.amazon.nova-micro-v1:0', replay)]);
    const stream = await client.chat.completions.create({ model: 'nova', messages: [{ role: 'system', content: 'You are a helpful chatbot.' }, { role: 'user', content: 'What is the capital of France?' }], temperature: 0, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(new Set(chunks.map((chunk) => `${chunk.id} ${chunk.object} ${chunk.model}`))).toStrictEqual(new Set(['chatcmpl-req-stream chat.completion.chunk us.amazon.nova-micro-v1:0']));
    expect(chunks[0].choices).toStrictEqual([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    expect(chunks.at(-2)!.choices).toStrictEqual([{ index: 0, delta: {}, finish_reason: 'stop' }]);
    expect(chunks.at(-1)!.choices).toStrictEqual([]);
    expect(chunks.at(-1)!.usage).toStrictEqual({ prompt_tokens: 13, completion_tokens: 82, total_tokens: 95 });
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    const recordedText = readFixture('bedrock/pydantic-ai/test_bedrock_model_stream.1.response.events.jsonl')
      .toString('utf8').trim().split('\n')
      .map((line) => (JSON.parse(line) as { payload: { delta?: { text?: string } } }).payload.delta?.text ?? '')
      .join('');
    expect(text).toBe(recordedText);
    for (const chunk of chunks) expect(spec.check('CreateChatCompletionStreamResponse', chunk)).toStrictEqual([]);
    const [received] = replay.requests;
    expect(received.path).toBe('/model/us.amazon.nova-micro-v1%3A0/converse-stream');
    expect(JSON.parse(received.body)).toStrictEqual({ ...(readCassette('bedrock/pydantic-ai/test_bedrock_model_stream')[0].request.body as object), inferenceConfig: { temperature: 0 } });
    expectSigned(received.headers, received.body, false);
  });

  it('streams tool-call deltas one byte per network write (vercel-ai amazon-bedrock-json-with-tools chunks, re-encoded as event-stream frames)', async () => {
    const replay = await replayServer(streamAnswer(eventStreamOfChunks('bedrock/vercel-ai/amazon-bedrock-json-with-tools.1.chunks.txt'), 1));
    const { client } = await startGateway([deployment('nova', 'us.amazon.nova-pro-v1:0', replay)]);
    const stream = await client.chat.completions.create({ model: 'nova', messages: [{ role: 'user', content: 'Call the tools.' }], tools: [{ type: 'function', function: { name: 'tool-a' } }, { type: 'function', function: { name: 'tool-b' } }, { type: 'function', function: { name: 'json' } }], stream: true });
    const deltas = [];
    for await (const chunk of stream) deltas.push({ delta: chunk.choices[0].delta, finish: chunk.choices[0].finish_reason });
    expect(deltas).toStrictEqual([
      { delta: { role: 'assistant', content: '' }, finish: null },
      { delta: { content: 'Multiple tools.' }, finish: null },
      { delta: { tool_calls: [{ index: 0, id: 'tool-1', type: 'function', function: { name: 'tool-a', arguments: '' } }] }, finish: null },
      { delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":"1"}' } }] }, finish: null },
      { delta: { tool_calls: [{ index: 1, id: 'tool-2', type: 'function', function: { name: 'tool-b', arguments: '' } }] }, finish: null },
      { delta: { tool_calls: [{ index: 1, function: { arguments: '{"b":"2"}' } }] }, finish: null },
      { delta: { content: 'Final JSON.' }, finish: null },
      { delta: { tool_calls: [{ index: 2, id: 'json-tool-id', type: 'function', function: { name: 'json', arguments: '' } }] }, finish: null },
      { delta: { tool_calls: [{ index: 2, function: { arguments: '{"final":"result"}' } }] }, finish: null },
      { delta: {}, finish: 'tool_calls' },
    ]);
  });

  it('ends the stream with the mapped error when Bedrock sends an exception frame mid-stream (frame layout from the ConverseStream reference)', async () => {
    const body = Buffer.concat([eventFrame('messageStart', { role: 'assistant' }), eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hel' } }), exceptionFrame('throttlingException', 'Too many tokens, please wait before trying again.')]);
    const replay = await replayServer(streamAnswer(body));
    const { baseURL } = await startGateway([deployment('nova', 'us.amazon.nova-micro-v1:0', replay)]);
    const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: JSON.stringify({ model: 'nova', messages: [{ role: 'user', content: 'Hi' }], stream: true }) });
    const events = (await response.text()).split('\n\n').filter((block) => block.startsWith('data: ')).map((block) => block.slice('data: '.length));
    expect(response.status).toBe(200);
    expect(events.slice(0, 2).map((event) => (JSON.parse(event) as { choices: Array<{ delta: unknown }> }).choices[0].delta)).toStrictEqual([{ role: 'assistant', content: '' }, { content: 'Hel' }]);
    expect(JSON.parse(events[2])).toStrictEqual({ error: { message: 'bedrock: Too many tokens, please wait before trying again.', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } });
    expect(events).toHaveLength(3);
  });

  it('closes the upstream connection when the client aborts mid-stream', async () => {
    const body = readFixture('bedrock/pydantic-ai/test_bedrock_model_stream.1.response.eventstream');
    const replay = await replayServer({ ...streamAnswer(body), hangAfterBytes: 400 });
    const { client } = await startGateway([deployment('nova', 'us.amazon.nova-micro-v1:0', replay)]);
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'nova', messages: [{ role: 'user', content: 'Hi' }], stream: true }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value.choices[0].delta).toStrictEqual({ role: 'assistant', content: '' });
    controller.abort();
    await replay.requests[0].aborted;
    expect(replay.requests[0].wasAborted()).toBe(true);
  });
});

describe('errors', () => {
  it('a recorded 400 is a BadRequestError with the Bedrock message (pydantic-ai test_bedrock_error)', async () => {
    const replay = await replayServer(cassetteAnswer('bedrock/pydantic-ai/test_bedrock_error'));
    const { client } = await startGateway([deployment('bad', 'us.does-not-exist-model-v1:0', replay)]);
    const error = await rejectionOf(client.chat.completions.create({ model: 'bad', messages: [{ role: 'user', content: 'hello' }] }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toStrictEqual({ message: 'bedrock: The provided model identifier is invalid.', type: 'invalid_request_error', param: null, code: 'invalid_request' });
    expect(replay.requests[0].path).toBe('/model/us.does-not-exist-model-v1%3A0/converse');
  });

  it('a 429 ThrottlingException is a RateLimitError keeping retry-after, also before a stream starts (body from the Converse errors reference)', async () => {
    const replay = await replayServer({ status: 429, headers: { 'content-type': 'application/json', 'retry-after': '7' }, body: '{"message":"Too many requests, please wait before trying again."}' });
    const { client } = await startGateway([deployment('nova', 'us.amazon.nova-micro-v1:0', replay)]);
    const error = await rejectionOf(client.chat.completions.create({ model: 'nova', messages: [{ role: 'user', content: 'hello' }], stream: true }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect({ status: apiError.status, code: apiError.code, type: apiError.type, retryAfter: apiError.headers?.get('retry-after') }).toStrictEqual({ status: 429, code: 'rate_limit_exceeded', type: 'rate_limit_error', retryAfter: '7' });
  });

  it('a 403 about the security token is an AuthenticationError, and the secret key is in no log line', async () => {
    const replay = await replayServer({ status: 403, headers: { 'content-type': 'application/json' }, body: '{"message":"The security token included in the request is invalid."}' });
    const { client, logs } = await startGateway([deployment('nova', 'us.amazon.nova-micro-v1:0', replay)]);
    const error = await rejectionOf(client.chat.completions.create({ model: 'nova', messages: [{ role: 'user', content: 'hello' }] }));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
    expect(logs.filter((line) => line.includes(secretAccessKey))).toStrictEqual([]);
  });
});

describe('embeddings', () => {
  it('embeds each input with Titan v2 and decodes the base64 the openai client asks for (body from the Titan Embeddings reference)', async () => {
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"embedding":[0.5,-0.25,0.125],"inputTextTokenCount":3,"embeddingsByType":{"float":[0.5,-0.25,0.125]}}' });
    const { client } = await startGateway([deployment('titan', 'amazon.titan-embed-text-v2:0', replay)]);
    const response = await client.embeddings.create({ model: 'titan', input: ['first', 'second'], dimensions: 256 });
    expect(response).toStrictEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5, -0.25, 0.125] },
        { object: 'embedding', index: 1, embedding: [0.5, -0.25, 0.125] },
      ],
      model: 'amazon.titan-embed-text-v2:0',
      usage: { prompt_tokens: 6, total_tokens: 6 },
    });
    expect(replay.requests.map((request) => ({ path: request.path, body: request.body }))).toStrictEqual([
      { path: '/model/amazon.titan-embed-text-v2%3A0/invoke', body: '{"inputText":"first","dimensions":256}' },
      { path: '/model/amazon.titan-embed-text-v2%3A0/invoke', body: '{"inputText":"second","dimensions":256}' },
    ]);
    expectSigned(replay.requests[1].headers, replay.requests[1].body, false);
  });
});
