import { describe, expect, it } from 'vitest';
import { mapBedrockEmbeddingsRequest, mapBedrockEmbeddingsResponse } from './map-embeddings.js';

describe('embeddings requests (bodies from the Titan and Cohere Embed model-parameter pages)', () => {
  it('makes one Titan v2 body per input, with dimensions', () => {
    expect(mapBedrockEmbeddingsRequest({ model: 'm', input: ['a', 'b'], dimensions: 256 }, 'titan-v2')).toEqual([
      { inputText: 'a', dimensions: 256 },
      { inputText: 'b', dimensions: 256 },
    ]);
  });

  it('makes one Cohere body for all inputs, search_document unless input_type says otherwise', () => {
    expect(mapBedrockEmbeddingsRequest({ model: 'm', input: ['a', 'b'] }, 'cohere')).toEqual([{ texts: ['a', 'b'], input_type: 'search_document' }]);
    expect(mapBedrockEmbeddingsRequest({ model: 'm', input: 'q', input_type: 'search_query' }, 'cohere')).toEqual([{ texts: ['q'], input_type: 'search_query' }]);
  });

  it.each([
    [{ model: 'm', input: [[1, 2]] }, 'titan-v2', 'input'],
    [{ model: 'm', input: 'a', dimensions: 256 }, 'titan-v1', 'dimensions'],
    [{ model: 'm', input: 'a', dimensions: 256 }, 'cohere', 'dimensions'],
    [{ model: 'm', input: 'a', input_type: 'weird' }, 'cohere', 'input_type'],
  ] as const)('refuses %j for %s', (request, format, param) => {
    expect(() => mapBedrockEmbeddingsRequest(request as never, format)).toThrow(expect.objectContaining({ status: 400, param }));
  });
});

describe('embeddings responses', () => {
  it('joins Titan answers and sums inputTextTokenCount', () => {
    const answers = [
      { body: { embedding: [0.5, -1], inputTextTokenCount: 2 }, inputTokenHeader: undefined },
      { body: { embedding: [0.25, 1], inputTextTokenCount: 3 }, inputTokenHeader: undefined },
    ];
    expect(mapBedrockEmbeddingsResponse(answers, 'titan-v2', { model: 'm', input: ['a', 'b'] }, 'amazon.titan-embed-text-v2:0')).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5, -1] },
        { object: 'embedding', index: 1, embedding: [0.25, 1] },
      ],
      model: 'amazon.titan-embed-text-v2:0',
      usage: { prompt_tokens: 5, total_tokens: 5 },
    });
  });

  it('encodes base64 as little-endian float32 and takes Cohere usage from the token-count header', () => {
    const response = mapBedrockEmbeddingsResponse([{ body: { embeddings: [[0.5, -1]], id: 'x', response_type: 'embeddings_floats', texts: ['a'] }, inputTokenHeader: '4' }], 'cohere', { model: 'm', input: 'a', encoding_format: 'base64' }, 'cohere.embed-english-v3');
    expect(response).toEqual({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: 'AAAAPwAAgL8=' }], model: 'cohere.embed-english-v3', usage: { prompt_tokens: 4, total_tokens: 4 } });
  });

  it('has no usage when Bedrock reports no count', () => {
    expect(mapBedrockEmbeddingsResponse([{ body: { embeddings: [[1]] }, inputTokenHeader: undefined }], 'cohere', { model: 'm', input: 'a' }, 'c').usage).toBeUndefined();
  });
});
