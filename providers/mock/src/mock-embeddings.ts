import { createHash } from 'node:crypto';
import { embeddingToBase64, type EmbeddingsRequest, type EmbeddingsResponse } from '@switchyard/core';

/** Deterministic unit vectors from a hash of each input, so equal inputs embed equally. */
export function mockEmbeddings(request: EmbeddingsRequest, dimensions: number): EmbeddingsResponse {
  const inputs = Array.isArray(request.input) ? (request.input as unknown[]) : [request.input];
  const size = request.dimensions ?? dimensions;
  let tokens = 0;
  const data = inputs.map((input, index) => {
    const text = typeof input === 'string' ? input : JSON.stringify(input);
    tokens += Math.max(1, Math.ceil(text.length / 4));
    const vector = vectorFor(text, size);
    return {
      object: 'embedding' as const,
      index,
      embedding: request.encoding_format === 'base64' ? embeddingToBase64(vector) : vector,
    };
  });
  return { object: 'list', data, model: request.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

function vectorFor(text: string, size: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < size; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let offset = 0; offset + 4 <= digest.length && values.length < size; offset += 4) values.push(digest.readInt32BE(offset) / 2 ** 31);
  }
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
  return values.map((value) => Number((value / norm).toFixed(8)));
}
