import { UpstreamError, embeddingToBase64, type EmbeddingsResponse } from '@switchyard/core';
import type { OllamaEmbedResponse } from './wire-types.js';

/*
 * /api/embed → OpenAI's embeddings list: one vector per input, in order; prompt_eval_count is the input token count.
 * OpenAI's encoding_format "base64" (the openai SDKs' default) is the vector as little-endian float32 bytes in
 * base64, which Ollama does not produce, so it is encoded here from the floats Ollama sent.
 * @see https://docs.ollama.com/capabilities/embeddings
 * @see https://platform.openai.com/docs/api-reference/embeddings/create#embeddings-create-encoding_format
 */
export function mapOllamaEmbeddings(body: unknown, model: string, encodingFormat: 'float' | 'base64' | undefined): EmbeddingsResponse {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as OllamaEmbedResponse;
  if (!Array.isArray(answer.embeddings)) {
    throw new UpstreamError({ provider: 'ollama', code: 'upstream_invalid_response', message: 'ollama answered /api/embed without an embeddings list', retryable: true });
  }
  const data = answer.embeddings.map((vector, index) => ({
    object: 'embedding' as const,
    index,
    embedding: encodingFormat === 'base64' ? embeddingToBase64(vector) : vector,
  }));
  const tokens = answer.prompt_eval_count;
  return {
    object: 'list',
    data,
    model: typeof answer.model === 'string' && answer.model !== '' ? answer.model : model,
    ...(typeof tokens === 'number' ? { usage: { prompt_tokens: tokens, total_tokens: tokens } } : {}),
  };
}

