import { UpstreamError, type ModelObject } from '@switchyard/core';
import { mapOllamaCreatedAt } from './map-response.js';
import type { OllamaListResponse } from './wire-types.js';

/*
 * GET /api/tags → OpenAI model objects: the id is the model's name with its tag (`llama3.2:latest`), `created` its
 * modified_at, and `owned_by` its namespace (`library` for Ollama's own), as Ollama's OpenAI-compatible /v1/models
 * writes them.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#list-local-models
 * @see https://github.com/ollama/ollama/blob/main/openai/openai.go (ToListCompletion)
 */
export function mapOllamaModels(body: unknown): ModelObject[] {
  const list = (typeof body === 'object' && body !== null ? body : {}) as OllamaListResponse;
  if (!Array.isArray(list.models)) {
    throw new UpstreamError({ provider: 'ollama', code: 'upstream_invalid_response', message: 'ollama answered GET /api/tags without a models list', retryable: true });
  }
  return list.models.flatMap((model) => {
    const id = model.model || model.name;
    if (typeof id !== 'string' || id === '') return [];
    return [{ id, object: 'model' as const, created: mapOllamaCreatedAt(model.modified_at, 0), owned_by: namespaceOf(id) }];
  });
}

/** `user/model:tag` → `user`; `host/namespace/model` → `namespace`; a bare name is Ollama's library. */
function namespaceOf(id: string): string {
  const parts = id.split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : 'library';
}
