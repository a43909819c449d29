import { readFixtureJson } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapVertexEmbeddingsRequest, mapVertexEmbeddingsResponse } from './map-embeddings.js';

// Recorded by vercel/ai against text-embedding-004 (values cut to five per vector by the recorder).
const recorded = readFixtureJson('gemini/vercel-ai/vertex/google-vertex-embedding.json');

describe('mapVertexEmbeddingsRequest (text embeddings API reference: cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api)', () => {
  it('sends each input as an instance', () => {
    expect(mapVertexEmbeddingsRequest({ model: 'text-embedding-005', input: ['sunny day at the beach', 'rainy day in the city'] })).toEqual({
      instances: [{ content: 'sunny day at the beach' }, { content: 'rainy day in the city' }],
    });
    expect(mapVertexEmbeddingsRequest({ model: 'text-embedding-005', input: 'one text' })).toEqual({ instances: [{ content: 'one text' }] });
  });

  it('maps dimensions to outputDimensionality and carries task_type and auto_truncate', () => {
    expect(mapVertexEmbeddingsRequest({ model: 'gemini-embedding-001', input: 'q', dimensions: 256, task_type: 'RETRIEVAL_QUERY', auto_truncate: false })).toEqual({
      instances: [{ content: 'q', task_type: 'RETRIEVAL_QUERY' }],
      parameters: { outputDimensionality: 256, autoTruncate: false },
    });
  });

  it.each([
    [{ input: [1, 2, 3] }, { code: 'unsupported_parameter', param: 'input', status: 400 }],
    [{ input: [[1, 2]] }, { code: 'unsupported_parameter', param: 'input', status: 400 }],
    [{ input: [] }, { code: 'invalid_request', param: 'input', status: 400 }],
    [{ input: 'x', task_type: 'SUMMARIZE' }, { code: 'invalid_request', param: 'task_type', status: 400 }],
    [{ input: 'x', auto_truncate: 'no' }, { code: 'invalid_request', param: 'auto_truncate', status: 400 }],
  ])('refuses %j', (request, expected) => {
    expect(() => mapVertexEmbeddingsRequest({ model: 'text-embedding-005', ...request } as never)).toThrow(expect.objectContaining(expected));
  });
});

describe('mapVertexEmbeddingsResponse', () => {
  it('maps the recorded predictions to OpenAI embeddings with summed token counts', () => {
    expect(mapVertexEmbeddingsResponse(recorded, { model: 'text-embedding-004', input: ['a', 'b'] }, 'text-embedding-004')).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [-0.017999587580561638, -0.006893285550177097, -0.036766719073057175, -0.017558680847287178, -0.019938766956329346] },
        { object: 'embedding', index: 1, embedding: [-0.06007182598114014, 0.004907649010419846, -0.00690646655857563, -0.007314121350646019, -0.048464205116033554] },
      ],
      model: 'text-embedding-004',
      usage: { prompt_tokens: 11, total_tokens: 11 },
    });
  });

  it('packs base64 as float32 little-endian, as OpenAI does', () => {
    const response = mapVertexEmbeddingsResponse(recorded, { model: 'text-embedding-004', input: ['a', 'b'], encoding_format: 'base64' }, 'text-embedding-004');
    const decoded = Buffer.from(response.data[0].embedding as string, 'base64');
    expect(Array.from({ length: decoded.length / 4 }, (_, i) => decoded.readFloatLE(i * 4))).toEqual(
      [-0.017999587580561638, -0.006893285550177097, -0.036766719073057175, -0.017558680847287178, -0.019938766956329346].map(Math.fround),
    );
  });

  it('leaves usage out when a token count is missing', () => {
    const body = { predictions: [{ embeddings: { values: [0.5] } }] };
    expect(mapVertexEmbeddingsResponse(body, { model: 'm', input: 'a' }, 'm')).toEqual({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.5] }], model: 'm' });
  });

  it('refuses an answer with the wrong number of predictions', () => {
    expect(() => mapVertexEmbeddingsResponse(recorded, { model: 'm', input: 'a' }, 'm')).toThrow(
      expect.objectContaining({ code: 'upstream_invalid_response', status: 502, message: 'vertex_ai: the :predict answer has 2 predictions for 1 inputs' }),
    );
  });
});
