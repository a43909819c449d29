import { UpstreamError, embeddingToBase64, type EmbeddingsRequest, type EmbeddingsResponse } from '@switchyard/core';
import type { CohereUpstreamRequest } from './map-request.js';
import { invalidForCohere, unsupportedByCohere } from './request-errors.js';
import type { CohereSettings } from './settings.js';
import type { CohereEmbedBody, CohereEmbedResponse } from './wire-types.js';

/*
 * OpenAI embeddings ↔ POST {base}/v2/embed.
 *
 * input → texts (a single string becomes a one-item list; token-id arrays have no Cohere equivalent and are refused).
 * input_type: Cohere's embedding models (v3 and newer) require it, and OpenAI's request has no such field. It is
 * taken from the request's own `input_type` (a Cohere param a client may add), else the deployment's
 * `litellm_params.input_type`, else `search_document`, LiteLLM's default: the common use of an embeddings endpoint
 * is indexing documents, and a config written for LiteLLM then embeds the same way here. Queries against such an
 * index should say `input_type: search_query`.
 * truncate: Cohere cuts over-long inputs by default (END), where OpenAI refuses them; `NONE` is sent so an over-long
 * input is Cohere's 400 rather than silently shortened. A client may send Cohere's `truncate` (START or END) to opt in.
 * dimensions → output_dimension (embed-v4.0 and newer; older models refuse it with their own 400).
 * encoding_format: float embeddings are always requested. For 'base64' (the official openai client's default), the
 * floats are packed here as little-endian float32 and base64-encoded, which is OpenAI's base64 format exactly.
 * Cohere's own "base64" type is not used: its byte layout is not documented to match.
 * usage: Cohere reports the input tokens under meta.tokens or meta.billed_units; the first present is prompt_tokens.
 * @see https://docs.cohere.com/reference/embed
 * @see https://docs.cohere.com/docs/embeddings
 */

export function mapCohereEmbeddingsRequest(request: EmbeddingsRequest, settings: CohereSettings): CohereUpstreamRequest<CohereEmbedBody> {
  const texts = textsOf(request.input);
  const inputType = request.input_type ?? settings.inputType ?? 'search_document';
  if (typeof inputType !== 'string') throw invalidForCohere('input_type', 'must be a string such as search_document or search_query');
  const truncate = request.truncate ?? 'NONE';
  if (truncate !== 'NONE' && truncate !== 'START' && truncate !== 'END') throw invalidForCohere('truncate', 'must be NONE, START or END');
  const body: CohereEmbedBody & { truncate: string } = { model: request.model, texts, input_type: inputType, embedding_types: ['float'], truncate };
  if (request.dimensions !== undefined && request.dimensions !== null) body.output_dimension = request.dimensions;
  return { url: `${settings.baseUrl}/v2/embed`, headers: { 'content-type': 'application/json', ...settings.headers }, body };
}

function textsOf(input: EmbeddingsRequest['input']): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return input as string[];
  throw unsupportedByCohere('input', 'Cohere embeds text, not token ids; send strings');
}

export interface CohereEmbeddingsMeta {
  readonly model: string;
  readonly encodingFormat: 'float' | 'base64';
}

export function mapCohereEmbeddingsResponse(body: CohereEmbedResponse, meta: CohereEmbeddingsMeta): EmbeddingsResponse {
  const vectors = body?.embeddings?.float;
  if (!Array.isArray(vectors)) {
    throw new UpstreamError({ provider: 'cohere', upstreamStatus: 200, code: 'upstream_invalid_response', message: 'cohere answered /v2/embed without float embeddings', retryable: true });
  }
  const response: EmbeddingsResponse = {
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: meta.encodingFormat === 'base64' ? embeddingToBase64(vector) : vector })),
    model: meta.model,
  };
  const tokens = body.meta?.tokens?.input_tokens ?? body.meta?.billed_units?.input_tokens;
  if (typeof tokens === 'number') response.usage = { prompt_tokens: tokens, total_tokens: tokens };
  return response;
}

