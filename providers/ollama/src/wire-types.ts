/*
 * The Ollama wire shapes this provider writes and reads: only the fields it uses, lenient on the way in.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 * @see https://github.com/ollama/ollama/blob/main/api/types.go (ChatRequest, Message, ToolCall, ChatResponse)
 */

import type { KeepAlive } from './settings.js';

export type OllamaThink = boolean | 'low' | 'medium' | 'high' | 'max';

export interface OllamaToolCall {
  /** Ollama 0.12+ generates `call_…` ids; older servers and the documentation examples have none. */
  id?: string;
  function: { index?: number; name: string; arguments: Record<string, unknown> };
}

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  thinking?: string;
  images?: string[];
  tool_calls?: OllamaToolCall[];
  tool_name?: string;
  tool_call_id?: string;
}

export interface OllamaTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  tools?: OllamaTool[];
  format?: 'json' | Record<string, unknown>;
  options?: Record<string, unknown>;
  stream: boolean;
  think?: OllamaThink;
  keep_alive?: KeepAlive;
  truncate?: boolean;
}

/** One answer of /api/chat: the whole answer with stream:false, or one NDJSON line of a stream. */
export interface OllamaChatResponse {
  model?: string;
  created_at?: string;
  message?: { role?: string; content?: string; thinking?: string; tool_calls?: OllamaToolCall[] | null };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  /** Only in an error line of a stream. */
  error?: unknown;
}

export interface OllamaEmbedRequest {
  model: string;
  input: string | string[];
  dimensions?: number;
  truncate?: boolean;
  keep_alive?: KeepAlive;
  options?: Record<string, unknown>;
}

export interface OllamaEmbedResponse {
  model?: string;
  embeddings?: number[][];
  prompt_eval_count?: number;
}

export interface OllamaModelSummary {
  name?: string;
  model?: string;
  modified_at?: string;
}

export interface OllamaListResponse {
  models?: OllamaModelSummary[];
}
