import { GatewayError, UnsupportedParameterError, UpstreamError, embeddingToBase64, type EmbeddingsRequest, type EmbeddingsResponse } from '@switchyard/core';

/*
 * OpenAI embeddings ↔ Gemini models/{model}:batchEmbedContents: one EmbedContentRequest per input string, each with
 * the model's resource name and `outputDimensionality` from `dimensions`. The answer's embeddings come back in input
 * order. Gemini reports no token counts for embeddings, so the response has no usage. `encoding_format: base64` is
 * OpenAI's packing of the floats (little-endian float32), done here.
 * @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */

export interface GeminiBatchEmbedRequest {
  requests: Array<{ model: string; content: { parts: Array<{ text: string }> }; outputDimensionality?: number }>;
}

/** The batchEmbedContents body; `resource` is the model's resource name, `models/text-embedding-004`. */
export function buildGeminiEmbeddingsBody(request: EmbeddingsRequest, resource: string, provider: string): GeminiBatchEmbedRequest {
  const inputs = typeof request.input === 'string' ? [request.input] : request.input;
  if (!inputs.every((input): input is string => typeof input === 'string')) throw new UnsupportedParameterError('input', provider);
  if (request.encoding_format !== undefined && request.encoding_format !== null && request.encoding_format !== 'float' && request.encoding_format !== 'base64') {
    throw new GatewayError({ code: 'invalid_request', param: 'encoding_format', message: "encoding_format must be 'float' or 'base64'" });
  }
  return {
    requests: inputs.map((text) => {
      const entry: GeminiBatchEmbedRequest['requests'][number] = { model: resource, content: { parts: [{ text }] } };
      if (request.dimensions !== undefined && request.dimensions !== null) entry.outputDimensionality = request.dimensions;
      return entry;
    }),
  };
}

/** A batchEmbedContents answer → OpenAI's embeddings list. */
export function mapGeminiEmbeddingsResponse(body: unknown, request: EmbeddingsRequest, model: string, provider: string): EmbeddingsResponse {
  const embeddings = (body as { embeddings?: Array<{ values?: unknown }> } | null)?.embeddings;
  if (!Array.isArray(embeddings) || !embeddings.every((embedding) => Array.isArray(embedding?.values))) {
    throw new UpstreamError({ provider, code: 'upstream_invalid_response', message: `${provider} answered batchEmbedContents without an embeddings list`, retryable: true });
  }
  const base64 = request.encoding_format === 'base64';
  return {
    object: 'list',
    data: embeddings.map((embedding, index) => {
      const values = embedding.values as number[];
      return { object: 'embedding', index, embedding: base64 ? embeddingToBase64(values) : values };
    }),
    model,
  };
}

