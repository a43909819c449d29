import { describe, expect, it } from 'vitest';
import { mapOllamaModels } from './map-models.js';

describe('mapOllamaModels', () => {
  it('maps the /api/tags example of openapi.yaml, plus namespaced models', () => {
    const body = {
      models: [
        {
          name: 'gemma4',
          model: 'gemma4',
          modified_at: '2025-10-03T23:34:03.409490317-07:00',
          size: 9608350245,
          digest: 'c6eb396dbd5992bbe3f5cdb947e8bbc0ee413d7c17e2beaae69f5d569cf982eb',
          details: { format: 'gguf', family: 'gemma4', families: ['gemma4'], parameter_size: '8.0B', quantization_level: 'Q4_K_M' },
        },
        { name: 'jmorgan/tiny:latest', model: 'jmorgan/tiny:latest', modified_at: '2025-01-01T00:00:00Z' },
      ],
    };
    expect(mapOllamaModels(body)).toEqual([
      { id: 'gemma4', object: 'model', created: 1759559643, owned_by: 'library' },
      { id: 'jmorgan/tiny:latest', object: 'model', created: 1735689600, owned_by: 'jmorgan' },
    ]);
  });

  it('refuses an answer without a models list', () => {
    expect(() => mapOllamaModels({})).toThrow('ollama answered GET /api/tags without a models list');
  });
});
