import { describe, expect, it } from 'vitest';
import { buildDeployments, splitModel } from './build-deployments.js';

describe('splitModel', () => {
  it('splits provider/model at the first slash', () => {
    expect(splitModel('groq/llama-3.1-8b-instant')).toEqual({ provider: 'groq', model: 'llama-3.1-8b-instant' });
  });

  it('keeps later slashes in the model id', () => {
    expect(splitModel('openrouter/anthropic/claude-3.5-sonnet')).toEqual({ provider: 'openrouter', model: 'anthropic/claude-3.5-sonnet' });
  });

  it("reads a bare model id as OpenAI's, as LiteLLM does", () => {
    expect(splitModel('gpt-4o')).toEqual({ provider: 'openai', model: 'gpt-4o' });
  });

  it('reads a leading slash as part of a bare id', () => {
    expect(splitModel('/gpt-4o')).toEqual({ provider: 'openai', model: '/gpt-4o' });
  });

  it('lets custom_llm_provider name the provider and keeps the whole model id', () => {
    expect(splitModel('meta-llama/Llama-3-8b', 'openai')).toEqual({ provider: 'openai', model: 'meta-llama/Llama-3-8b' });
  });
});

describe('buildDeployments', () => {
  const pathOf = (index: number) => `model_list[${index}]`;

  it('puts OpenAI request params under request_defaults and everything else under provider_params', () => {
    const { deployments, problems } = buildDeployments(
      [{ model_name: 'a', litellm_params: { model: 'mock/a', temperature: 0, top_p: 0.5, stop: ['x'], mock_latency_ms: 5, vertex_project: 'p' } }],
      pathOf,
    );
    expect(problems).toEqual([]);
    expect(deployments[0].request_defaults).toEqual({ temperature: 0, top_p: 0.5, stop: ['x'] });
    expect(deployments[0].provider_params).toEqual({ mock_latency_ms: 5, vertex_project: 'p' });
  });

  it('reads base_url as api_base and headers as extra headers', () => {
    const { deployments } = buildDeployments([{ model_name: 'a', litellm_params: { model: 'mock/a', base_url: 'http://127.0.0.1:1', headers: { 'x-team': 'blue' } } }], pathOf);
    expect([deployments[0].api_base, deployments[0].headers]).toEqual(['http://127.0.0.1:1', { 'x-team': 'blue' }]);
  });

  it('reports a negative limit with its path', () => {
    const { problems } = buildDeployments([{ model_name: 'a', litellm_params: { model: 'mock/a', tpm: -1, timeout: 'soon' } }], pathOf);
    expect(problems).toEqual(['model_list[0].litellm_params.timeout: must be a non-negative number, got "soon"', 'model_list[0].litellm_params.tpm: must be a non-negative number, got -1']);
  });

  it('freezes each deployment', () => {
    const { deployments } = buildDeployments([{ model_name: 'a', litellm_params: { model: 'mock/a' } }], pathOf);
    expect(Object.isFrozen(deployments[0])).toBe(true);
    expect(Object.isFrozen(deployments[0].request_defaults)).toBe(true);
  });

  it('gives entries that differ only in api_base different ids', () => {
    const { deployments } = buildDeployments(
      [
        { model_name: 'a', litellm_params: { model: 'mock/a', api_base: 'http://127.0.0.1:1' } },
        { model_name: 'a', litellm_params: { model: 'mock/a', api_base: 'http://127.0.0.1:2' } },
      ],
      pathOf,
    );
    expect(deployments[0].id).not.toBe(deployments[1].id);
  });
});
