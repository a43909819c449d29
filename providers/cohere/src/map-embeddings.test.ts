import { join } from 'node:path';
import { GatewayError, type EmbeddingsRequest } from '@switchyard/core';
import { openAPIValidator, readCassette, readFixtureJson, specsDir } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { embeddingToBase64 as float32Base64 } from '@switchyard/core';
import { mapCohereEmbeddingsRequest, mapCohereEmbeddingsResponse } from './map-embeddings.js';
import type { CohereSettings } from './settings.js';
import type { CohereEmbedResponse } from './wire-types.js';

const spec = openAPIValidator(join(specsDir(), 'openai-openapi.yaml'));
const settings: CohereSettings = { baseUrl: 'https://api.cohere.com', apiKey: 'k', headers: { authorization: 'Bearer co-test' }, inputType: undefined };

function refusal(request: EmbeddingsRequest): { code: string; param: string | null } {
  try {
    mapCohereEmbeddingsRequest(request, settings);
  } catch (error) {
    if (!GatewayError.isGatewayError(error)) throw error;
    return { code: error.code, param: error.param };
  }
  throw new Error('expected a refusal');
}

describe('mapCohereEmbeddingsRequest (https://docs.cohere.com/reference/embed)', () => {
  it('sends texts with input_type search_document by default, float embeddings and truncate NONE', () => {
    expect(mapCohereEmbeddingsRequest({ model: 'embed-v4.0', input: ['sunny day at the beach', 'rainy day in the city'], encoding_format: 'base64' }, settings)).toStrictEqual({
      url: 'https://api.cohere.com/v2/embed',
      headers: { 'content-type': 'application/json', authorization: 'Bearer co-test' },
      body: { model: 'embed-v4.0', texts: ['sunny day at the beach', 'rainy day in the city'], input_type: 'search_document', embedding_types: ['float'], truncate: 'NONE' },
    });
  });

  it("builds the recorded request's fields from input_type, truncate and dimensions (pydantic-ai TestCohere.test_embed_error)", () => {
    const [interaction] = readCassette('cohere/pydantic-ai/TestCohere.test_embed_error');
    const recorded = interaction.request.body as Record<string, unknown>;
    const upstream = mapCohereEmbeddingsRequest({ model: 'nonexistent', input: 'Hello, world!', input_type: 'search_query', truncate: 'NONE' }, settings);
    // pydantic-ai's SDK also sends max_tokens and output_dimension as null; everything else is the same.
    expect({ ...upstream.body, max_tokens: null, output_dimension: null }).toStrictEqual(recorded);
    expect(mapCohereEmbeddingsRequest({ model: 'embed-v4.0', input: 'x', dimensions: 256 }, { ...settings, inputType: 'clustering' }).body).toStrictEqual({
      model: 'embed-v4.0',
      texts: ['x'],
      input_type: 'clustering',
      embedding_types: ['float'],
      truncate: 'NONE',
      output_dimension: 256,
    });
  });

  it('refuses token-id input and a malformed truncate', () => {
    expect(refusal({ model: 'embed-v4.0', input: [101, 202] })).toStrictEqual({ code: 'unsupported_parameter', param: 'input' });
    expect(refusal({ model: 'embed-v4.0', input: 'x', truncate: 'MIDDLE' })).toStrictEqual({ code: 'invalid_request', param: 'truncate' });
  });
});

describe('mapCohereEmbeddingsResponse', () => {
  const body = readFixtureJson<CohereEmbedResponse>('cohere/vercel-ai/cohere-embedding.json');

  it('maps float embeddings and billed input tokens (vercel-ai cohere-embedding)', () => {
    const response = mapCohereEmbeddingsResponse(body, { model: 'embed-english-v3.0', encodingFormat: 'float' });
    expect(response).toStrictEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.03302002, 0.020904541, -0.019744873, -0.0625, 0.04437256] },
        { object: 'embedding', index: 1, embedding: [-0.04660034, 0.00037765503, -0.061157227, -0.08239746, -0.010360718] },
      ],
      model: 'embed-english-v3.0',
      usage: { prompt_tokens: 10, total_tokens: 10 },
    });
    expect(spec.check('CreateEmbeddingResponse', response)).toStrictEqual([]);
  });

  it("packs base64 as OpenAI's little-endian float32", () => {
    const response = mapCohereEmbeddingsResponse(body, { model: 'embed-english-v3.0', encodingFormat: 'base64' });
    const first = response.data[0].embedding as string;
    expect(first).toBe(float32Base64([0.03302002, 0.020904541, -0.019744873, -0.0625, 0.04437256]));
    const decoded = Array.from(new Float32Array(new Uint8Array(Buffer.from(first, 'base64')).buffer));
    expect(decoded).toStrictEqual([0.03302002, 0.020904541, -0.019744873, -0.0625, 0.04437256].map(Math.fround));
    expect(float32Base64([1, -2])).toBe('AACAPwAAAMA=');
  });
});
