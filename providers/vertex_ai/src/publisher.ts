/**
 * Which publisher on Vertex AI serves a model: Anthropic's Claude models live under `publishers/anthropic` and speak
 * the Messages API through rawPredict; every other id is taken as Google's (Gemini, the embedding models). Other
 * Model Garden partners (Llama, Mistral, AI21) are not served by this provider.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude
 */
export type VertexPublisher = 'google' | 'anthropic';

export function publisherOf(model: string): VertexPublisher {
  return model.startsWith('claude-') ? 'anthropic' : 'google';
}

/**
 * Google's embedding models, which answer `:predict` rather than `:generateContent`.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api
 */
export function isEmbeddingModel(model: string): boolean {
  return /^(?:text-embedding-|text-multilingual-embedding-|textembedding-gecko|gemini-embedding-)/.test(model);
}
