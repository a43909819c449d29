import { setTimeout as sleep } from 'node:timers/promises';
import { defineProvider, type ChatChunk, type ChatRequest, type ChatResponse, type ProviderCall } from '@switchyard/core';
import { mockAnswer } from './mock-answer.js';
import { mockEmbeddings } from './mock-embeddings.js';
import { mockFailure, readMockSettings } from './mock-settings.js';

let sequence = 0;
const created = () => Math.floor(Date.now() / 1000);
const nextId = () => `chatcmpl-mock-${(++sequence).toString(36)}`;

/**
 * A provider with no upstream: deterministic answers for the no-key example config and for users' own tests.
 * Settings come from `litellm_params` (see mock-settings.ts).
 */
export const mock = defineProvider({
  specificationVersion: 'v1',
  id: 'mock',
  prefixes: ['mock'],
  checkDeployment(deployment) {
    readMockSettings(deployment);
  },
  chat: {
    async complete(request: ChatRequest, call: ProviderCall): Promise<ChatResponse> {
      const settings = readMockSettings(call.deployment);
      await wait(settings.mock_latency_ms, call);
      const failure = mockFailure(settings);
      if (failure) throw failure;
      const answer = mockAnswer(request, settings);
      const choices = Array.from({ length: request.n ?? 1 }, (_unused, index) => ({
        index,
        message: { role: 'assistant' as const, content: answer.content, ...(answer.toolCalls ? { tool_calls: answer.toolCalls } : {}) },
        finish_reason: answer.finishReason,
        logprobs: null,
      }));
      return { id: nextId(), object: 'chat.completion', created: created(), model: call.deployment.model, choices, usage: answer.usage };
    },
    async stream(request: ChatRequest, call: ProviderCall): Promise<AsyncIterable<ChatChunk>> {
      const settings = readMockSettings(call.deployment);
      await wait(settings.mock_latency_ms, call);
      const failure = mockFailure(settings);
      if (failure) throw failure;
      return streamAnswer(request, call, settings);
    },
  },
  embeddings: {
    async create(request, call) {
      const settings = readMockSettings(call.deployment);
      await wait(settings.mock_latency_ms, call);
      const failure = mockFailure(settings);
      if (failure) throw failure;
      return mockEmbeddings({ ...request, model: call.deployment.model }, settings.mock_dimensions);
    },
  },
});

async function* streamAnswer(request: ChatRequest, call: ProviderCall, settings: ReturnType<typeof readMockSettings>): AsyncGenerator<ChatChunk> {
  const answer = mockAnswer(request, settings);
  const base = { id: nextId(), object: 'chat.completion.chunk' as const, created: created(), model: call.deployment.model };
  const choiceCount = request.n ?? 1;
  const each = (delta: ChatChunk['choices'][number]['delta'], finish: ChatChunk['choices'][number]['finish_reason'] = null) =>
    Array.from({ length: choiceCount }, (_unused, index) => ({ index, delta, finish_reason: finish }));
  yield { ...base, choices: each({ role: 'assistant', content: answer.toolCalls ? null : '' }) };
  if (answer.toolCalls) {
    for (const [index, toolCall] of answer.toolCalls.entries()) {
      yield { ...base, choices: each({ tool_calls: [{ index, id: toolCall.id, type: 'function', function: { name: toolCall.function.name, arguments: '' } }] }) };
      yield { ...base, choices: each({ tool_calls: [{ index, function: { arguments: toolCall.function.arguments } }] }) };
    }
  } else {
    const words = (answer.content ?? '').split(/(?<= )/);
    for (let index = 0; index < words.length; index += settings.mock_words_per_chunk) {
      await wait(settings.mock_chunk_delay_ms, call);
      yield { ...base, choices: each({ content: words.slice(index, index + settings.mock_words_per_chunk).join('') }) };
    }
  }
  yield { ...base, choices: each({}, answer.finishReason) };
  if (request.stream_options?.include_usage) yield { ...base, choices: [], usage: answer.usage };
}

/** Waits `ms` unless the call is aborted; with no latency configured it does not read `call.signal`, which is made on first read. */
async function wait(ms: number, call: ProviderCall): Promise<void> {
  if (ms > 0) await sleep(ms, undefined, { signal: call.signal });
}
