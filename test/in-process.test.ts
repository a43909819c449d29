import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, createLogger, definePlugin, GatewayError, type ChatChunk, type Gateway } from '@switchyard/core';

let gateway: Gateway;

const fallbacks = definePlugin({ name: 'fallbacks', core: '^1.0.0', requestParams: { fallbacks: { type: 'array', items: { type: 'string' } } }, apply() {} });

beforeAll(async () => {
  gateway = await createGateway(
    {
      model_list: [
        { model_name: 'x', litellm_params: { model: 'mock/x', mock_response: 'hello there' } },
        { model_name: 'embedder', litellm_params: { model: 'mock/embedder', mock_dimensions: 3 } },
        { model_name: 'slow', litellm_params: { model: 'mock/slow', mock_latency_ms: 60_000 } },
      ],
      plugins: [fallbacks()],
    },
    { logger: createLogger({ level: 'silent' }) },
  );
});

afterAll(async () => {
  await gateway.close(0);
});

const hello = { model: 'x', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('gateway.chat.completions.create', () => {
  it('answers a JSON request with a chat completion', async () => {
    const completion = await gateway.chat.completions.create(hello);
    expect({ ...completion, id: 'id', created: 0 }).toEqual({
      id: 'id',
      object: 'chat.completion',
      created: 0,
      model: 'x',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hello there' }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
    });
  });

  it('answers a streamed request with an async iterable of chunks', async () => {
    const stream = await gateway.chat.completions.create({ ...hello, stream: true, stream_options: { include_usage: true } });
    const chunks: ChatChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => [chunk.object, chunk.choices[0]?.delta ?? null, chunk.choices[0]?.finish_reason ?? null, chunk.usage ?? null])).toEqual([
      ['chat.completion.chunk', { role: 'assistant', content: '' }, null, null],
      ['chat.completion.chunk', { content: 'hello ' }, null, null],
      ['chat.completion.chunk', { content: 'there' }, null, null],
      ['chat.completion.chunk', {}, 'stop', null],
      ['chat.completion.chunk', null, null, { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 }],
    ]);
  });

  it('throws a GatewayError for an unknown model', async () => {
    const error = await gateway.chat.completions.create({ ...hello, model: 'nope' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).toOpenAIError()).toStrictEqual({
      error: { message: "The model 'nope' does not exist on this gateway. GET /v1/models lists the models it serves.", type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
    });
  });

  it('throws a GatewayError naming the param for an invalid request', async () => {
    const error = await gateway.chat.completions.create({ ...hello, n: 0 }).catch((thrown: unknown) => thrown);
    expect(GatewayError.isGatewayError(error)).toBe(true);
    expect([(error as GatewayError).status, (error as GatewayError).code, (error as GatewayError).param]).toEqual([400, 'invalid_request', 'n']);
  });

  it("leaves the caller's request object as it was", async () => {
    const body = { ...hello, fallbacks: ['y'], temperature: 1 };
    const before = structuredClone(body);
    await gateway.chat.completions.create(body);
    expect(body).toEqual(before);
  });

  it('rejects with client_closed when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = gateway.chat.completions.create({ ...hello, model: 'slow' }, { signal: controller.signal }).catch((thrown: unknown) => thrown);
    controller.abort();
    expect(await pending).toMatchObject({ code: 'client_closed', status: 499 });
  });
});

describe('gateway.embeddings.create', () => {
  it('answers with one vector per input', async () => {
    const result = await gateway.embeddings.create({ model: 'embedder', input: ['a', 'b'] });
    expect([result.object, result.model, result.data.map((item) => [item.object, item.index, (item.embedding as number[]).length]), result.usage]).toEqual([
      'list',
      'embedder',
      [
        ['embedding', 0, 3],
        ['embedding', 1, 3],
      ],
      { prompt_tokens: 2, total_tokens: 2 },
    ]);
  });

  it('embeds equal inputs equally', async () => {
    const result = await gateway.embeddings.create({ model: 'embedder', input: ['same', 'same'] });
    expect(result.data[0].embedding).toEqual(result.data[1].embedding);
  });

  it('throws a GatewayError for an invalid input', async () => {
    await expect(gateway.embeddings.create({ model: 'embedder', input: [] })).rejects.toMatchObject({ status: 400, code: 'invalid_request', param: 'input' });
  });
});

describe('gateway.models', () => {
  it('lists every served model name', async () => {
    expect(await gateway.models.list()).toEqual({
      object: 'list',
      data: [
        { id: 'x', object: 'model', created: gateway.startedAt, owned_by: 'mock' },
        { id: 'embedder', object: 'model', created: gateway.startedAt, owned_by: 'mock' },
        { id: 'slow', object: 'model', created: gateway.startedAt, owned_by: 'mock' },
      ],
    });
  });

  it('retrieves one model', async () => {
    expect(await gateway.models.retrieve('x')).toEqual({ id: 'x', object: 'model', created: gateway.startedAt, owned_by: 'mock' });
  });

  it('throws model_not_found for an unknown model', async () => {
    await expect(gateway.models.retrieve('nope')).rejects.toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
  });
});
