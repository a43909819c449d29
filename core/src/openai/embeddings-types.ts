/**
 * The OpenAI Embeddings and Models wire shapes.
 * @see https://platform.openai.com/docs/api-reference/embeddings
 */

export interface EmbeddingsRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
  [param: string]: unknown;
}

export interface Embedding { object: 'embedding'; index: number; embedding: number[] | string }

export interface EmbeddingsResponse {
  object: 'list';
  data: Embedding[];
  model: string;
  usage?: { prompt_tokens: number; total_tokens: number };
  [field: string]: unknown;
}

export interface ModelObject { id: string; object: 'model'; created: number; owned_by: string }
export interface ModelList { object: 'list'; data: ModelObject[] }
