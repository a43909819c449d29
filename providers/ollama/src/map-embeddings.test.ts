import { join } from 'node:path';
import { openAPIValidator, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { mapOllamaEmbeddings } from './map-embeddings.js';

const openAISpec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));

// The example response of POST /api/embed in Ollama's openapi.yaml.
const specExample = {
  model: 'embeddinggemma',
  embeddings: [[0.010071029, -0.0017594862, 0.05007221, 0.04692972, 0.054916814, 0.008599704, 0.105441414, -0.025878139, 0.12958129, 0.031952348]],
  total_duration: 14143917,
  load_duration: 1019500,
  prompt_eval_count: 8,
};

describe('mapOllamaEmbeddings', () => {
  it('maps the vectors in order, with the input token count', () => {
    const response = mapOllamaEmbeddings(specExample, 'embeddinggemma', 'float');
    expect(response).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: specExample.embeddings[0] }],
      model: 'embeddinggemma',
      usage: { prompt_tokens: 8, total_tokens: 8 },
    });
    expect(openAISpec.check('CreateEmbeddingResponse', response)).toEqual([]);
  });

  it('encodes base64 as little-endian float32, as OpenAI does', () => {
    const response = mapOllamaEmbeddings({ model: 'm', embeddings: [[1, -2.5]], prompt_eval_count: 2 }, 'm', 'base64');
    expect(response.data).toEqual([{ object: 'embedding', index: 0, embedding: 'AACAPwAAIMA=' }]);
    const bytes = Buffer.from(response.data[0].embedding as string, 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1, -2.5]);
  });

  it('refuses an answer without embeddings', () => {
    expect(() => mapOllamaEmbeddings({ model: 'm' }, 'm', undefined)).toThrow('ollama answered /api/embed without an embeddings list');
  });
});
