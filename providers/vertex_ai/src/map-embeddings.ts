import { GatewayError, UpstreamError, embeddingToBase64, type Embedding, type EmbeddingsRequest, type EmbeddingsResponse } from '@switchyard/core';

/*
 * OpenAI embeddings ⇄ Vertex AI's text embeddings `:predict` method.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api
 */

const providerId = 'vertex_ai';

/** The task types Vertex documents; anything else is refused here rather than by a vague upstream 400. */
const taskTypes = new Set([
  'RETRIEVAL_QUERY',
  'RETRIEVAL_DOCUMENT',
  'SEMANTIC_SIMILARITY',
  'CLASSIFICATION',
  'CLUSTERING',
  'QUESTION_ANSWERING',
  'FACT_VERIFICATION',
  'CODE_RETRIEVAL_QUERY',
]);

export interface VertexEmbeddingsBody {
  instances: Array<{ content: string; task_type?: string }>;
  parameters?: { outputDimensionality?: number; autoTruncate?: boolean };
}

/** The embeddings params this provider carries: OpenAI's `dimensions` and `encoding_format`, and Vertex's own two. */
export const vertexEmbeddingsParams: ReadonlySet<string> = new Set(['dimensions', 'encoding_format', 'task_type', 'auto_truncate']);

export function mapVertexEmbeddingsRequest(request: EmbeddingsRequest): VertexEmbeddingsBody {
  const texts = textsOf(request.input);
  const taskType = request.task_type;
  if (taskType !== undefined && (typeof taskType !== 'string' || !taskTypes.has(taskType))) {
    throw new GatewayError({ code: 'invalid_request', param: 'task_type', message: `${providerId}: task_type must be one of ${[...taskTypes].join(', ')}` });
  }
  const autoTruncate = request.auto_truncate;
  if (autoTruncate !== undefined && typeof autoTruncate !== 'boolean') {
    throw new GatewayError({ code: 'invalid_request', param: 'auto_truncate', message: `${providerId}: auto_truncate must be true or false` });
  }
  const body: VertexEmbeddingsBody = { instances: texts.map((content) => (taskType === undefined ? { content } : { content, task_type: taskType })) };
  const parameters: NonNullable<VertexEmbeddingsBody['parameters']> = {};
  if (request.dimensions !== undefined) parameters.outputDimensionality = request.dimensions;
  if (autoTruncate !== undefined) parameters.autoTruncate = autoTruncate;
  if (Object.keys(parameters).length > 0) body.parameters = parameters;
  return body;
}

function textsOf(input: EmbeddingsRequest['input']): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((item) => typeof item === 'string')) return input as string[];
  if (Array.isArray(input) && input.length === 0) throw new GatewayError({ code: 'invalid_request', param: 'input', message: `${providerId}: input must not be empty` });
  // Vertex embeds text only; token ids from another model's tokenizer mean nothing to it.
  throw new GatewayError({ code: 'unsupported_parameter', param: 'input', message: `${providerId}: input must be a string or an array of strings; Vertex AI does not embed token arrays` });
}

interface VertexPrediction {
  embeddings?: { values?: unknown; statistics?: { token_count?: unknown; truncated?: unknown } };
}

/**
 * Vertex answers one prediction per instance, in order. Usage is the sum of the per-input token counts, and only when
 * Vertex sent every one of them; `encoding_format: 'base64'` is OpenAI's packing of float32 little-endian values.
 */
export function mapVertexEmbeddingsResponse(body: unknown, request: EmbeddingsRequest, model: string): EmbeddingsResponse {
  const predictions = (body as { predictions?: unknown } | null)?.predictions;
  const expected = textsOf(request.input).length;
  if (!Array.isArray(predictions) || predictions.length !== expected) {
    throw new UpstreamError({
      provider: providerId,
      code: 'upstream_invalid_response',
      message: `${providerId}: the :predict answer has ${Array.isArray(predictions) ? predictions.length : 'no'} predictions for ${expected} inputs`,
    });
  }
  const data: Embedding[] = [];
  let promptTokens: number | undefined = 0;
  predictions.forEach((prediction: VertexPrediction, index) => {
    const values = prediction.embeddings?.values;
    if (!Array.isArray(values) || !values.every((value) => typeof value === 'number')) {
      throw new UpstreamError({ provider: providerId, code: 'upstream_invalid_response', message: `${providerId}: prediction ${index} has no embedding values` });
    }
    data.push({ object: 'embedding', index, embedding: request.encoding_format === 'base64' ? embeddingToBase64(values) : values });
    const tokens = prediction.embeddings?.statistics?.token_count;
    promptTokens = typeof tokens === 'number' && promptTokens !== undefined ? promptTokens + tokens : undefined;
  });
  const response: EmbeddingsResponse = { object: 'list', data, model };
  if (promptTokens !== undefined) response.usage = { prompt_tokens: promptTokens, total_tokens: promptTokens };
  return response;
}

