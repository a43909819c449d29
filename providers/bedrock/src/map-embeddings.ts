import { GatewayError, UnsupportedParameterError, UpstreamError, embeddingToBase64, type EmbeddingsRequest, type EmbeddingsResponse } from '@switchyard/core';
import type { BedrockEmbeddingFormat } from './settings.js';

/*
 * Embeddings through InvokeModel, in each model family's own body. Titan embeds one text per call, so a list of
 * inputs is one call each; Cohere takes the whole list at once and needs an input_type (search_document unless the
 * request names another). Vectors come back as floats; `encoding_format: base64` is produced here as OpenAI does it,
 * little-endian float32 bytes in base64 (the openai client asks for base64 by default).
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html
 */

const provider = 'bedrock';
const cohereInputTypes = ['search_document', 'search_query', 'classification', 'clustering'];

/** The InvokeModel bodies for a request: one per call, in order. */
export function mapBedrockEmbeddingsRequest(request: EmbeddingsRequest, format: BedrockEmbeddingFormat): unknown[] {
  const inputs = textInputs(request.input);
  if (request.encoding_format !== undefined && request.encoding_format !== 'float' && request.encoding_format !== 'base64') {
    throw new UnsupportedParameterError('encoding_format', provider);
  }
  if (format === 'cohere') {
    if (request.dimensions !== undefined) throw new UnsupportedParameterError('dimensions', provider);
    const inputType = request.input_type ?? 'search_document';
    if (typeof inputType !== 'string' || !cohereInputTypes.includes(inputType)) {
      throw new GatewayError({ code: 'invalid_request', param: 'input_type', message: `input_type must be one of ${cohereInputTypes.join(', ')}` });
    }
    return [{ texts: inputs, input_type: inputType }];
  }
  if (request.input_type !== undefined) throw new UnsupportedParameterError('input_type', provider);
  if (format === 'titan-v1') {
    if (request.dimensions !== undefined) throw new UnsupportedParameterError('dimensions', provider);
    return inputs.map((inputText) => ({ inputText }));
  }
  return inputs.map((inputText) => (request.dimensions === undefined ? { inputText } : { inputText, dimensions: request.dimensions }));
}

/** One answer of InvokeModel, with the input token count Bedrock reports in a header. */
export interface BedrockEmbeddingAnswer {
  readonly body: unknown;
  readonly inputTokenHeader: string | undefined;
}

export function mapBedrockEmbeddingsResponse(answers: BedrockEmbeddingAnswer[], format: BedrockEmbeddingFormat, request: EmbeddingsRequest, model: string): EmbeddingsResponse {
  const vectors: number[][] = [];
  let tokens: number | undefined = 0;
  for (const answer of answers) {
    const body = (answer.body ?? {}) as { embedding?: unknown; embeddings?: unknown; inputTextTokenCount?: unknown };
    if (format === 'cohere') {
      if (!Array.isArray(body.embeddings)) throw invalid('embeddings');
      vectors.push(...(body.embeddings as number[][]));
    } else {
      if (!Array.isArray(body.embedding)) throw invalid('embedding');
      vectors.push(body.embedding as number[]);
    }
    const count = typeof body.inputTextTokenCount === 'number' ? body.inputTextTokenCount : answer.inputTokenHeader === undefined ? undefined : Number(answer.inputTokenHeader);
    tokens = tokens === undefined || count === undefined || !Number.isFinite(count) ? undefined : tokens + count;
  }
  const response: EmbeddingsResponse = {
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: request.encoding_format === 'base64' ? embeddingToBase64(vector) : vector })),
    model,
  };
  if (tokens !== undefined) response.usage = { prompt_tokens: tokens, total_tokens: tokens };
  return response;
}

function textInputs(input: EmbeddingsRequest['input']): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item) => typeof item === 'string')) return input as string[];
  throw new GatewayError({ code: 'unsupported_parameter', param: 'input', message: 'bedrock embeds text only; token arrays are not supported' });
}


function invalid(field: string): UpstreamError {
  return new UpstreamError({ provider, code: 'upstream_invalid_response', message: `bedrock answered an embedding call without ${field}`, retryable: true });
}
