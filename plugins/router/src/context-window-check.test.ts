import type { ChatRequest, Deployment } from '@switchyard/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contextWindowOf, createPromptTokenCounter, fittingDeployments, promptTexts, type PromptTokenCounter } from './context-window-check.js';

const deployment = (id: string, model: string, model_info: Record<string, unknown> = {}): Deployment =>
  ({ id, model_name: 'group', provider: 'openai', model, request_defaults: {}, provider_params: {}, model_info }) as Deployment;

let counter: PromptTokenCounter;
beforeAll(async () => {
  counter = await createPromptTokenCounter();
});

describe('context-window pre-call check', () => {
  it('counts a prompt the way OpenAI counts chat tokens', () => {
    // "hello world" is 2 tokens in o200k_base, "user" 1: 2 + 1 + 3 per message + 3 reply priming.
    expect(counter.count({ model: 'm', messages: [{ role: 'user', content: 'hello world' }] })).toBe(9);
  });

  it('reads text parts, tool-call arguments and tool definitions', () => {
    const request: ChatRequest = {
      model: 'm',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }] },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
    };
    expect(promptTexts(request)).toEqual(['user', 'a', 'assistant', 'f', '{"x":1}', '[{"type":"function","function":{"name":"f"}}]']);
  });

  it('takes the window from model_info, else the catalog', () => {
    expect(contextWindowOf(deployment('a', 'gpt-4o'))).toBe(128000);
    expect(contextWindowOf(deployment('b', 'gpt-4o', { max_input_tokens: 100 }))).toBe(100);
    expect(contextWindowOf(deployment('c', 'private-model'))).toBeUndefined();
  });

  it('leaves out deployments too small for the prompt, keeping unknown windows', () => {
    const small = deployment('small', 'x', { max_input_tokens: 20 });
    const large = deployment('large', 'x', { max_input_tokens: 1000 });
    const unknown = deployment('unknown', 'private-model');
    const long: ChatRequest = { model: 'group', messages: [{ role: 'user', content: 'word '.repeat(50) }] };
    expect(fittingDeployments([small, large, unknown], long, counter).map((d) => d.id)).toEqual(['large', 'unknown']);
  });

  it('keeps every deployment when the prompt fits all, or none', () => {
    const small = deployment('small', 'x', { max_input_tokens: 20 });
    const large = deployment('large', 'x', { max_input_tokens: 30 });
    const short: ChatRequest = { model: 'group', messages: [{ role: 'user', content: 'hi' }] };
    const huge: ChatRequest = { model: 'group', messages: [{ role: 'user', content: 'word '.repeat(500) }] };
    const counting = { calls: 0, count: (request: ChatRequest) => (counting.calls++, counter.count(request)) };
    expect(fittingDeployments([small, large], short, counting).map((d) => d.id)).toEqual(['small', 'large']);
    expect(counting.calls).toBe(0);
    expect(fittingDeployments([small, large], huge, counting).map((d) => d.id)).toEqual(['small', 'large']);
    expect(counting.calls).toBe(1);
  });
});
