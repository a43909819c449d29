import { describe, expect, it } from 'vitest';
import { buildGeminiEmbeddingsBody, mapGeminiEmbeddingsResponse } from './map-embeddings.js';

// Shapes from https://ai.google.dev/api/embeddings#method:-models.batchembedcontents (no recording of AI Studio embeddings exists).
describe('Gemini embeddings (from the API reference)', () => {
  it('builds one EmbedContentRequest per input with outputDimensionality from dimensions', () => {
    expect(buildGeminiEmbeddingsBody({ model: 'text-embedding-004', input: ['a', 'b'], dimensions: 256 }, 'models/text-embedding-004', 'gemini')).toEqual({
      requests: [
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'a' }] }, outputDimensionality: 256 },
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'b' }] }, outputDimensionality: 256 },
      ],
    });
    expect(buildGeminiEmbeddingsBody({ model: 'm', input: 'one' }, 'models/m', 'gemini')).toEqual({ requests: [{ model: 'models/m', content: { parts: [{ text: 'one' }] } }] });
    expect(() => buildGeminiEmbeddingsBody({ model: 'm', input: [1, 2, 3] }, 'models/m', 'gemini')).toThrow(expect.objectContaining({ code: 'unsupported_parameter', param: 'input' }));
  });

  it('maps the embeddings in order, as floats or base64 float32', () => {
    const body = { embeddings: [{ values: [0.5, -1] }, { values: [2] }] };
    expect(mapGeminiEmbeddingsResponse(body, { model: 'm', input: ['a', 'b'] }, 'text-embedding-004', 'gemini')).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.5, -1] }, { object: 'embedding', index: 1, embedding: [2] }],
      model: 'text-embedding-004',
    });
    const packed = mapGeminiEmbeddingsResponse(body, { model: 'm', input: ['a', 'b'], encoding_format: 'base64' }, 'text-embedding-004', 'gemini');
    expect(packed.data.map((entry) => entry.embedding)).toEqual(['AAAAPwAAgL8=', 'AAAAQA==']);
    expect(() => mapGeminiEmbeddingsResponse({}, { model: 'm', input: 'a' }, 'm', 'gemini')).toThrow(expect.objectContaining({ code: 'upstream_invalid_response' }));
  });
});
