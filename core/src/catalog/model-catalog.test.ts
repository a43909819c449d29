import { describe, expect, it } from 'vitest';
import { catalogEntryFor, lookupModel, modelCatalogSource } from './model-catalog.js';

const deployment = (provider: string, model: string, model_info: Record<string, unknown> = {}) => ({ provider, model, model_info });

describe('model catalog', () => {
  it('finds a model by provider prefix and upstream id, with limits and per-token prices', () => {
    expect(lookupModel('anthropic', 'claude-sonnet-4-20250514')).toEqual({
      mode: 'chat',
      max_input_tokens: 1000000,
      max_output_tokens: 64000,
      input_cost_per_token: 3e-6,
      output_cost_per_token: 1.5e-5,
      cache_read_input_token_cost: 3e-7,
      cache_creation_input_token_cost: 3.75e-6,
    });
    expect(lookupModel('gemini', 'gemini-2.5-flash')?.output_cost_per_reasoning_token).toBe(2.5e-6);
    expect(lookupModel('vertex_ai', 'claude-sonnet-4@20250514')?.max_output_tokens).toBe(64000);
    expect(lookupModel('cohere_chat', 'command-r-plus')?.max_output_tokens).toBe(4096);
    expect(lookupModel('anthropic', 'claude-none')).toBeUndefined();
  });

  it('finds Bedrock models behind a cross-region prefix or the converse/ route', () => {
    const plain = lookupModel('bedrock', 'anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(plain?.max_output_tokens).toBe(8192);
    expect(lookupModel('bedrock', 'converse/anthropic.claude-3-5-haiku-20241022-v1:0')).toEqual(plain);
    expect(lookupModel('bedrock', 'apac.anthropic.claude-3-5-haiku-20241022-v1:0')?.max_output_tokens).toBe(8192);
  });

  it('lets model_info name the base model and override any field', () => {
    expect(catalogEntryFor(deployment('azure', 'my-gpt4o', { base_model: 'azure/gpt-4o' }))?.max_output_tokens).toBe(16384);
    expect(catalogEntryFor(deployment('azure', 'my-gpt4o', { base_model: 'gpt-4o' }))?.input_cost_per_token).toBe(2.5e-6);
    expect(catalogEntryFor(deployment('anthropic', 'claude-sonnet-4-20250514', { max_tokens: 1000, input_cost_per_token: 1e-6 }))).toMatchObject({
      max_output_tokens: 1000,
      input_cost_per_token: 1e-6,
      output_cost_per_token: 1.5e-5,
    });
    expect(catalogEntryFor(deployment('openai', 'private-ft', { output_cost_per_token: 2e-6 }))).toEqual({ output_cost_per_token: 2e-6 });
    expect(catalogEntryFor(deployment('openai', 'private-ft'))).toBeUndefined();
  });

  it('records where its data came from', () => {
    expect(modelCatalogSource()).toMatchObject({ name: "LiteLLM's model_prices_and_context_window.json", license: 'MIT (BerriAI/litellm)', command: 'npm run refresh-catalog' });
  });
});
