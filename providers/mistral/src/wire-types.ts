/*
 * The Mistral chat and embeddings shapes the mappers read and write: only the fields used, kept lenient on the way in
 * (Mistral adds fields such as `num_cached_tokens` that its OpenAPI document does not list).
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 */

export interface MistralTextChunk { type: 'text'; text: string }
export interface MistralThinkChunk { type: 'thinking'; thinking: Array<MistralTextChunk | { type: string }>; signature?: string | null; closed?: boolean }
export interface MistralImageUrlChunk { type: 'image_url'; image_url: { url: string; detail?: 'low' | 'auto' | 'high' } }
export interface MistralDocumentUrlChunk { type: 'document_url'; document_url: string; document_name?: string }
export interface MistralFileChunk { type: 'file'; file_id: string }
export interface MistralAudioChunk { type: 'input_audio'; input_audio: string }
export type MistralContentChunk = MistralTextChunk | MistralThinkChunk | MistralImageUrlChunk | MistralDocumentUrlChunk | MistralFileChunk | MistralAudioChunk;

export interface MistralToolCall {
  id?: string;
  type?: 'function';
  function: { name?: string; arguments?: string | Record<string, unknown> };
  index?: number;
}

export type MistralMessage =
  | { role: 'system'; content: string | MistralContentChunk[] }
  | { role: 'user'; content: string | MistralContentChunk[] }
  | { role: 'assistant'; content?: string | MistralContentChunk[] | null; tool_calls?: MistralToolCall[]; prefix?: boolean }
  | { role: 'tool'; content: string | MistralContentChunk[]; tool_call_id: string; name?: string };

export interface MistralTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean };
}

export type MistralToolChoice = 'auto' | 'none' | 'any' | { type: 'function'; function: { name: string } };

export interface MistralResponseFormat {
  type: 'text' | 'json_object' | 'json_schema';
  json_schema?: { name: string; description?: string; schema: Record<string, unknown>; strict?: boolean };
}

export interface MistralChatRequest {
  model: string;
  messages: MistralMessage[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string | string[];
  random_seed?: number;
  n?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  tools?: MistralTool[];
  tool_choice?: MistralToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: MistralResponseFormat;
  prediction?: { type: 'content'; content: string };
  reasoning_effort?: string;
  prompt_mode?: 'reasoning' | null;
  prompt_cache_key?: string;
  safe_prompt?: boolean;
}

export interface MistralUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  num_cached_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

export interface MistralChoice {
  index: number;
  message?: { role?: string; content?: string | MistralContentChunk[] | null; tool_calls?: MistralToolCall[] | null };
  finish_reason?: string | null;
}

export interface MistralChatResponse {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices?: MistralChoice[];
  usage?: MistralUsage;
}

export interface MistralStreamChoice {
  index: number;
  delta?: { role?: string | null; content?: string | MistralContentChunk[] | null; tool_calls?: MistralToolCall[] | null };
  finish_reason?: string | null;
}

export interface MistralChatChunk {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices?: MistralStreamChoice[];
  usage?: MistralUsage;
}

export interface MistralEmbeddingsRequest {
  model: string;
  input: string | string[];
  encoding_format?: 'float' | 'base64';
  output_dimension?: number;
  output_dtype?: 'float' | 'int8' | 'uint8' | 'binary' | 'ubinary';
}

export interface MistralEmbeddingsResponse {
  id?: string;
  object?: string;
  model?: string;
  data?: Array<{ object?: string; embedding: number[] | string; index: number }>;
  usage?: MistralUsage;
}
