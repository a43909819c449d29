import { join } from 'node:path';
import OpenAI from 'openai';
import type { ModelListEntry } from '@switchyard/core';
import { createProviderHarness, openAPIValidator, readCassette, readFixture, readFixtureText, specsDir, type ReplayResponse, type ReplayServer } from '@switchyard/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { gemini } from './gemini-provider.js';

/*
 * End to end: the official openai client talks to a real gateway whose gemini/ deployments point at a loopback replay
 * server answering with recorded Gemini traffic (pydantic-ai cassettes; .sse bodies are wire-exact, CRLF-framed).
 */

const spec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));
const key = 'AIzaSy-test-key-0000000000000000000';
const { replayServer, startGateway, cleanup } = createProviderHarness({ providers: [gemini], client: (baseURL) => new OpenAI({ baseURL, apiKey: 'anything', maxRetries: 0 }) });

afterEach(cleanup);

function deployment(replay: ReplayServer, model = 'gemini-2.5-flash'): ModelListEntry {
  return { model_name: 'g', litellm_params: { model: `gemini/${model}`, api_base: replay.url, api_key: key } };
}

const json = (path: string, status = 200, headers: Record<string, string> = {}): ReplayResponse => ({ status, headers: { 'content-type': 'application/json; charset=UTF-8', ...headers }, body: readFixture(`gemini/${path}`) });
const sse = (body: string | Buffer, split: ReplayResponse['split'] = 'whole'): ReplayResponse => ({ status: 200, headers: { 'content-type': 'text/event-stream' }, body, split });
const upstreamBody = (replay: ReplayServer, index = 0): unknown => JSON.parse(replay.requests[index]!.body);

function expectCreatedNow(created: number, before: number): void {
  expect(created).toBeGreaterThanOrEqual(before);
  expect(created).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
}

describe('gemini provider end to end', () => {
  it('answers a text request (pydantic-ai test_google_model), keyed by x-goog-api-key only', async () => {
    const replay = await replayServer(json('pydantic-ai/test_google_model.1.response.json'));
    const { client } = await startGateway([deployment(replay)]);
    const before = Math.floor(Date.now() / 1000);
    const response = await client.chat.completions.create({ model: 'g', messages: [{ role: 'system', content: 'You are a chatbot.' }, { role: 'user', content: 'Hello!' }] });

    expectCreatedNow(response.created, before);
    expect({ ...response, created: 0 }).toStrictEqual({
      id: 'bzlXaa_EE_aHqtsPi_zw8Ao',
      object: 'chat.completion',
      created: 0,
      model: 'gemini-2.5-flash',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help you today?', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 9, completion_tokens: 43, total_tokens: 52, completion_tokens_details: { reasoning_tokens: 34 } },
    });
    expect(spec.check('CreateChatCompletionResponse', response)).toEqual([]);
    const sent = replay.requests[0]!;
    expect([sent.method, sent.path, sent.headers['x-goog-api-key'], sent.headers['content-type'], sent.headers.authorization]).toEqual(['POST', '/v1beta/models/gemini-2.5-flash:generateContent', key, 'application/json', undefined]);
    expect(upstreamBody(replay)).toEqual({ systemInstruction: { parts: [{ text: 'You are a chatbot.' }] }, contents: [{ role: 'user', parts: [{ text: 'Hello!' }] }] });
  });

  it('runs a tool round trip both ways (pydantic-ai test_google_tool_output)', async () => {
    const [first, second] = readCassette('gemini/pydantic-ai/test_google_tool_output');
    const replay = await replayServer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: (replay.requests.length === 1 ? first : second)!.response.body }));
    const { client } = await startGateway([deployment(replay, 'gemini-2.0-flash')]);
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_user_country', parameters: { type: 'object', properties: {} } } },
      { type: 'function', function: { name: 'final_result', description: 'The final response which ends this conversation', parameters: { type: 'object', properties: { city: { type: 'string' }, country: { type: 'string' } }, required: ['city', 'country'] } } },
    ];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the largest city in the user country?' }];
    const call = await client.chat.completions.create({ model: 'g', messages, tools, tool_choice: 'required' });
    expect(call.choices).toStrictEqual([
      { index: 0, message: { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'call_LlteaIDvD9m7nvgPz5Sb0Aw_0_0', type: 'function', function: { name: 'get_user_country', arguments: '{}' } }] }, finish_reason: 'tool_calls', logprobs: null },
    ]);

    messages.push(call.choices[0]!.message, { role: 'tool', tool_call_id: 'call_LlteaIDvD9m7nvgPz5Sb0Aw_0_0', content: 'Mexico' });
    const answer = await client.chat.completions.create({ model: 'g', messages, tools, tool_choice: 'required' });
    expect(answer.choices[0]!.message.tool_calls).toStrictEqual([{ id: 'call_LlteaOzCOPOdnvgPrJbnoQg_0_0', type: 'function', function: { name: 'final_result', arguments: '{"city":"Mexico City","country":"Mexico"}' } }]);

    const declarations = [
      { name: 'get_user_country', parametersJsonSchema: { type: 'object', properties: {} } },
      { name: 'final_result', description: 'The final response which ends this conversation', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' }, country: { type: 'string' } }, required: ['city', 'country'] } },
    ];
    expect(upstreamBody(replay, 1)).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'What is the largest city in the user country?' }] },
        { role: 'model', parts: [{ functionCall: { id: 'call_LlteaIDvD9m7nvgPz5Sb0Aw_0_0', name: 'get_user_country', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { id: 'call_LlteaIDvD9m7nvgPz5Sb0Aw_0_0', name: 'get_user_country', response: { output: 'Mexico' } } }] },
      ],
      tools: [{ functionDeclarations: declarations }],
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
    });
  });

  // Parallel calls and an image: answer built from https://ai.google.dev/gemini-api/docs/function-calling (parallel function calling).
  it('returns parallel calls and sends an image inline (answer from the API reference)', async () => {
    const body = JSON.stringify({
      candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'power_disco_ball', args: { power: true } } }, { functionCall: { name: 'start_music', args: { energetic: true, loud: true } } }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 20, totalTokenCount: 140 },
      modelVersion: 'gemini-2.5-flash',
      responseId: 'par-1',
    });
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'application/json' }, body });
    const { client } = await startGateway([deployment(replay)]);
    const response = await client.chat.completions.create({
      model: 'g',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Party time!' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
      tools: [
        { type: 'function', function: { name: 'power_disco_ball', parameters: { type: 'object', properties: { power: { type: 'boolean' } } } } },
        { type: 'function', function: { name: 'start_music', parameters: { type: 'object', properties: { energetic: { type: 'boolean' }, loud: { type: 'boolean' } } } } },
      ],
    });
    expect(response.choices[0]!.message.tool_calls).toStrictEqual([
      { id: 'call_par-1_0_0', type: 'function', function: { name: 'power_disco_ball', arguments: '{"power":true}' } },
      { id: 'call_par-1_0_1', type: 'function', function: { name: 'start_music', arguments: '{"energetic":true,"loud":true}' } },
    ]);
    expect((upstreamBody(replay) as { contents: unknown }).contents).toEqual([{ role: 'user', parts: [{ text: 'Party time!' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] }]);
  });

  it('streams text with usage last when include_usage is set, one byte per write (pydantic-ai test_google_model_stream)', async () => {
    const replay = await replayServer(sse(readFixture('gemini/pydantic-ai/test_google_model_stream.1.response.sse'), 1));
    const { client } = await startGateway([deployment(replay, 'gemini-2.0-flash-exp')]);
    const stream = await client.chat.completions.create({ model: 'g', messages: [{ role: 'user', content: 'What is the capital of France?' }], temperature: 0, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push({ ...chunk, created: 0 });
    const head = { id: 'w1peaMz6INOvnvgPgYfPiQY', object: 'chat.completion.chunk', created: 0, model: 'gemini-2.0-flash-exp' };
    expect(chunks).toStrictEqual([
      { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: 'The' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { content: ' capital of France' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { content: ' is Paris.\n' }, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...head, choices: [], usage: { prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 } },
    ]);
    expect(replay.requests[0]!.path).toBe('/v1beta/models/gemini-2.0-flash-exp:streamGenerateContent?alt=sse');
    expect(upstreamBody(replay)).toEqual({ contents: [{ role: 'user', parts: [{ text: 'What is the capital of France?' }] }], generationConfig: { temperature: 0 } });
  });

  it('streams a tool call as one delta and sends its thought signature back on the next turn (pydantic-ai gemini-3 cassette)', async () => {
    const [first, second] = readCassette('gemini/pydantic-ai/test_google_streaming_tool_call_thought_signature');
    const replay = await replayServer(() => sse(replay.requests.length === 1 ? first!.response.body : second!.response.body, 'events'));
    const { client } = await startGateway([deployment(replay, 'gemini-3-pro-preview')]);
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_country', description: '', parameters: { type: 'object', properties: {}, additionalProperties: false } } }];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the capital of the user country? Call the tool' }];
    const signature = JSON.parse(first!.response.body.toString('utf8').split('\r\n\r\n')[0]!.slice(6)).candidates[0].content.parts[0].thoughtSignature;

    const stream = await client.chat.completions.create({ model: 'g', messages, tools, stream: true, reasoning_effort: 'high' });
    const deltas = [];
    for await (const chunk of stream) deltas.push([chunk.choices[0]?.delta, chunk.choices[0]?.finish_reason]);
    expect(deltas).toStrictEqual([
      [{ role: 'assistant', content: '', tool_calls: [{ index: 0, id: 'call_QUVVadTSNJ6_qtsPvN7J8Q0_0_0', type: 'function', function: { name: 'get_country', arguments: '{}' }, provider_specific_fields: { thought_signature: signature } }] }, null],
      [{}, 'tool_calls'],
    ]);
    expect((upstreamBody(replay) as { generationConfig: unknown }).generationConfig).toEqual({ thinkingConfig: { includeThoughts: true, thinkingLevel: 'high' } });

    const assistant = { role: 'assistant', content: null, tool_calls: [{ id: 'call_QUVVadTSNJ6_qtsPvN7J8Q0_0_0', type: 'function', function: { name: 'get_country', arguments: '{}' }, provider_specific_fields: { thought_signature: signature } }] };
    messages.push(assistant as OpenAI.ChatCompletionAssistantMessageParam, { role: 'tool', tool_call_id: 'call_QUVVadTSNJ6_qtsPvN7J8Q0_0_0', content: 'Mexico' });
    const answer = await client.chat.completions.create({ model: 'g', messages, tools, stream: true });
    let text = '';
    for await (const chunk of answer) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('The capital of Mexico is Mexico City.');
    expect((upstreamBody(replay, 1) as { contents: unknown[] }).contents.slice(1)).toEqual([
      { role: 'model', parts: [{ functionCall: { id: 'call_QUVVadTSNJ6_qtsPvN7J8Q0_0_0', name: 'get_country', args: {} }, thoughtSignature: signature }] },
      { role: 'user', parts: [{ functionResponse: { id: 'call_QUVVadTSNJ6_qtsPvN7J8Q0_0_0', name: 'get_country', response: { output: 'Mexico' } } }] },
    ]);
  });

  // Reasoning: thought parts as documented at https://ai.google.dev/gemini-api/docs/thinking#summaries (no recording has them over SSE).
  it('streams thought summaries as reasoning_content (from the API reference)', async () => {
    const event = (parts: unknown[], extra = {}) => `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }], modelVersion: 'gemini-2.5-flash', responseId: 'think-1' })}\r\n\r\n`;
    const replay = await replayServer(sse(event([{ text: '**Counting**\nThree r letters.', thought: true }]) + event([{ text: 'There are 3.' }], { finishReason: 'STOP' })));
    const { client } = await startGateway([deployment(replay)]);
    const stream = await client.chat.completions.create({ model: 'g', messages: [{ role: 'user', content: 'How many r in strawberry?' }], stream: true, reasoning_effort: 'low' });
    const deltas = [];
    for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta);
    expect(deltas).toStrictEqual([{ role: 'assistant', content: '', reasoning_content: '**Counting**\nThree r letters.' }, { content: 'There are 3.' }, {}]);
    expect((upstreamBody(replay) as { generationConfig: unknown }).generationConfig).toEqual({ thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } });
  });

  // Error body from https://ai.google.dev/gemini-api/docs/troubleshooting (429 RESOURCE_EXHAUSTED with RetryInfo).
  it('turns an upstream 429 into a rate_limit_error with retry-after (from the API reference)', async () => {
    const body = JSON.stringify({ error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' }] } });
    const replay = await replayServer({ status: 429, headers: { 'content-type': 'application/json' }, body });
    const { baseURL } = await startGateway([deployment(replay)]);
    const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: JSON.stringify({ model: 'g', messages: [{ role: 'user', content: 'hi' }] }) });
    expect([response.status, response.headers.get('retry-after'), await response.json()]).toEqual([
      429,
      '12',
      { error: { message: 'gemini: Resource has been exhausted (e.g. check quota).', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } },
    ]);
  });

  it('maps the recorded 404 to a not_found error', async () => {
    const [interaction] = readCassette('gemini/pydantic-ai/TestGoogle.test_count_tokens_error');
    const replay = await replayServer({ status: 404, headers: { 'content-type': 'application/json' }, body: interaction!.response.body });
    const { client } = await startGateway([deployment(replay, 'nonexistent-model')]);
    await expect(client.chat.completions.create({ model: 'g', messages: [{ role: 'user', content: 'Hello, world!' }] })).rejects.toMatchObject({ status: 404, code: 'not_found', type: 'invalid_request_error' });
  });

  it('ends the stream with the error event a mid-stream error becomes', async () => {
    const recorded = readFixtureText('gemini/pydantic-ai/test_google_model_stream.1.response.sse');
    const firstEvent = recorded.slice(0, recorded.indexOf('\r\n\r\n') + 4);
    const error = '{"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}}';
    const replay = await replayServer(sse(`${firstEvent}data: ${error}\r\n\r\n`));
    const { baseURL } = await startGateway([deployment(replay, 'gemini-2.0-flash-exp')]);
    const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: JSON.stringify({ model: 'g', stream: true, messages: [{ role: 'user', content: 'hi' }] }) });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text.split('\n\n').filter(Boolean).slice(1)).toEqual([
      'data: {"error":{"message":"gemini: An internal error has occurred.","type":"upstream_error","param":null,"code":"upstream_error"}}',
    ]);
    expect(JSON.parse(text.split('\n\n')[0]!.slice(6)).choices).toEqual([{ index: 0, delta: { role: 'assistant', content: 'The' }, finish_reason: null }]);
  });

  it('closes the upstream connection when the client aborts mid-stream', async () => {
    const body = readFixture('gemini/pydantic-ai/test_google_model_stream.1.response.sse');
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'text/event-stream' }, body, hangAfterBytes: body.indexOf('\r\n\r\n') + 4 });
    const { client } = await startGateway([deployment(replay, 'gemini-2.0-flash-exp')]);
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'g', messages: [{ role: 'user', content: 'hi' }], stream: true }, { signal: controller.signal });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.choices[0]?.delta).toStrictEqual({ role: 'assistant', content: 'The' });
    controller.abort();
    await replay.requests[0]!.aborted;
    expect(replay.requests[0]!.wasAborted()).toBe(true);
  });

  // Answer shape from https://ai.google.dev/api/embeddings#BatchEmbedContentsResponse (no AI Studio embeddings recording exists).
  it('creates embeddings through batchEmbedContents (from the API reference)', async () => {
    const replay = await replayServer({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ embeddings: [{ values: [0.25, -0.5] }, { values: [1, 0] }] }) });
    const { client } = await startGateway([deployment(replay, 'gemini-embedding-001')]);
    const response = await client.embeddings.create({ model: 'g', input: ['a', 'b'], dimensions: 2, encoding_format: 'float' });
    expect(response).toStrictEqual({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.25, -0.5] }, { object: 'embedding', index: 1, embedding: [1, 0] }], model: 'gemini-embedding-001' });
    expect([replay.requests[0]!.path, upstreamBody(replay)]).toEqual([
      '/v1beta/models/gemini-embedding-001:batchEmbedContents',
      { requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] }, outputDimensionality: 2 }, { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] }, outputDimensionality: 2 }] },
    ]);
  });

  it('refuses a param it does not carry before calling the upstream', async () => {
    const replay = await replayServer({ status: 500, body: '' });
    const { client } = await startGateway([deployment(replay)]);
    await expect(client.chat.completions.create({ model: 'g', messages: [{ role: 'user', content: 'hi' }], logit_bias: { '1': 1 } })).rejects.toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'logit_bias' });
    expect(replay.requests).toEqual([]);
  });
});
