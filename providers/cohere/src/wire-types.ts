/*
 * Cohere v2 wire shapes: only the fields the mappers write or read, kept lenient (every response field optional) so a
 * field Cohere adds later does not break parsing.
 * @see https://docs.cohere.com/reference/chat
 * @see https://docs.cohere.com/reference/chat-stream
 * @see https://docs.cohere.com/reference/embed
 */

export interface CohereTextContent { type: 'text'; text: string }
export interface CohereThinkingContent { type: 'thinking'; thinking: string }
export interface CohereImageContent { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }

export interface CohereToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type CohereMessage =
  | { role: 'system'; content: string | CohereTextContent[] }
  | { role: 'user'; content: string | Array<CohereTextContent | CohereImageContent> }
  | { role: 'assistant'; content?: string | Array<CohereTextContent | CohereThinkingContent>; tool_calls?: CohereToolCall[]; tool_plan?: string; citations?: unknown[] }
  | { role: 'tool'; tool_call_id: string; content: string | CohereTextContent[] };

export interface CohereTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export interface CohereThinking { type: 'enabled' | 'disabled'; token_budget?: number }

export interface CohereResponseFormat { type: 'text' | 'json_object'; json_schema?: Record<string, unknown> }

/** The body of POST /v2/chat. */
export interface CohereChatBody {
  model: string;
  messages: CohereMessage[];
  stream?: boolean;
  tools?: CohereTool[];
  strict_tools?: boolean;
  tool_choice?: 'REQUIRED' | 'NONE';
  documents?: unknown[];
  citation_options?: unknown;
  safety_mode?: unknown;
  response_format?: CohereResponseFormat;
  max_tokens?: number;
  stop_sequences?: string[];
  temperature?: number;
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  k?: number;
  p?: number;
  thinking?: CohereThinking;
}

export interface CohereUsage {
  billed_units?: { input_tokens?: number; output_tokens?: number; [unit: string]: number | undefined };
  tokens?: { input_tokens?: number; output_tokens?: number };
  cached_tokens?: number;
}

export interface CohereContentPart { type?: string; text?: string; thinking?: string }

/** A non-streamed answer of POST /v2/chat. */
export interface CohereChatResponse {
  id?: string;
  finish_reason?: string;
  message?: {
    role?: string;
    content?: CohereContentPart[];
    tool_calls?: Array<{ id?: string; type?: string; function?: { name?: string; arguments?: string } }>;
    tool_plan?: string;
    citations?: unknown[];
  };
  usage?: CohereUsage;
}

/** One event of the v2 chat stream (its `type` names it; the SSE `event:` line says the same). */
export interface CohereStreamEvent {
  type?: string;
  id?: string;
  index?: number;
  delta?: {
    message?: {
      role?: string;
      content?: { type?: string; text?: string; thinking?: string };
      tool_plan?: string;
      tool_calls?: { id?: string; type?: string; function?: { name?: string; arguments?: string } };
      citations?: unknown;
    };
    finish_reason?: string;
    error?: string;
    usage?: CohereUsage;
  };
  /** Error reports carry a message instead of a type. */
  message?: string;
}

/** The body of POST /v2/embed. */
export interface CohereEmbedBody {
  model: string;
  texts: string[];
  input_type: string;
  embedding_types: ['float'];
  output_dimension?: number;
}

/** A 200 answer of POST /v2/embed. */
export interface CohereEmbedResponse {
  id?: string;
  embeddings?: { float?: number[][] };
  texts?: string[];
  meta?: { billed_units?: { input_tokens?: number }; tokens?: { input_tokens?: number } };
}
