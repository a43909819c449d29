import { prepareConfig, type Deployment, type LitellmParams } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { cohereChatParams, cohereEmbeddingsParams, cohereSupportedParams, foreignParam } from './supported-params.js';

function deploymentOf(litellmParams: LitellmParams, modelInfo?: Record<string, unknown>): Deployment {
  return prepareConfig({ model_list: [{ model_name: 'm', litellm_params: litellmParams, ...(modelInfo ? { model_info: modelInfo } : {}) }] }, { env: {} }).deployments[0];
}

describe('cohereSupportedParams', () => {
  it('declares the chat set for chat models and the embeddings set for embedding models, by catalog or model_info.mode', () => {
    expect(cohereSupportedParams(deploymentOf({ model: 'cohere/command-a-03-2025', api_key: 'k' }))).toBe(cohereChatParams);
    expect(cohereSupportedParams(deploymentOf({ model: 'cohere/embed-v4.0', api_key: 'k' }))).toBe(cohereEmbeddingsParams);
    expect(cohereSupportedParams(deploymentOf({ model: 'cohere/my-finetune', api_key: 'k' }, { mode: 'embedding' }))).toBe(cohereEmbeddingsParams);
  });

  it('declares both for a model nobody classified, and each endpoint then refuses the other’s params', () => {
    const both = cohereSupportedParams(deploymentOf({ model: 'cohere/command-x-unknown', api_key: 'k' }));
    expect([...both].sort()).toStrictEqual([...cohereChatParams, ...cohereEmbeddingsParams].sort());
    expect(foreignParam({ model: 'x', messages: [], input_type: 'search_query' }, cohereChatParams)).toBe('input_type');
    expect(foreignParam({ model: 'x', input: 'a', temperature: 0.1 }, cohereEmbeddingsParams)).toBe('temperature');
    expect(foreignParam({ model: 'x', input: 'a', dimensions: 256, unknown_param: 1 }, cohereEmbeddingsParams)).toBeUndefined();
  });
});
