/**
 * The OpenAI Chat Completions wire shapes, as the gateway speaks them to clients.
 * Only the fields the gateway itself reads are typed tightly; everything else is carried untouched.
 * @see https://platform.openai.com/docs/api-reference/chat
 */

export interface TextContentPart { type: 'text'; text: string }
export interface ImageContentPart { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }
export interface AudioContentPart { type: 'input_audio'; input_audio: { data: string; format: string } }
export interface FileContentPart { type: 'file'; file: { file_data?: string; file_id?: string; filename?: string } }
export interface RefusalContentPart { type: 'refusal'; refusal: string }
export type ContentPart = TextContentPart | ImageContentPart | AudioContentPart | FileContentPart | RefusalContentPart;

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface SystemMessage { role: 'system' | 'developer'; content: string | TextContentPart[]; name?: string }
export interface UserMessage { role: 'user'; content: string | ContentPart[]; name?: string }
export interface AssistantMessage {
  role: 'assistant';
  content?: string | Array<TextContentPart | RefusalContentPart> | null;
  name?: string;
  refusal?: string | null;
  tool_calls?: ToolCall[];
  /** Not OpenAI's: the reasoning text some providers return, carried back on later turns. */
  reasoning_content?: string | null;
  /** Not OpenAI's: signed or redacted reasoning blocks, sent back unchanged on later turns. */
  thinking_blocks?: ThinkingBlock[] | null;
}
export interface ToolMessage { role: 'tool'; content: string | TextContentPart[]; tool_call_id: string }
export interface FunctionMessage { role: 'function'; content: string | null; name: string }
export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage | FunctionMessage;

export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null } };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean; include_obfuscation?: boolean } | null;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  n?: number | null;
  stop?: string | string[] | null;
  temperature?: number | null;
  top_p?: number | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  seed?: number | null;
  user?: string;
  reasoning_effort?: string | null;
  metadata?: Record<string, string> | null;
  /** Any other field is carried to the provider untouched, if it supports it. */
  [param: string]: unknown;
}

export interface CompletionTokensDetails {
  reasoning_tokens?: number;
  audio_tokens?: number;
  accepted_prediction_tokens?: number;
  rejected_prediction_tokens?: number;
}
export interface PromptTokensDetails {
  /** Prompt tokens read from the provider's cache. */
  cached_tokens?: number;
  audio_tokens?: number;
  /** Not OpenAI's: prompt tokens written to the provider's cache (Anthropic, Bedrock), priced apart. */
  cache_creation_tokens?: number;
}

/** Not OpenAI's: a provider's signed reasoning, carried back on later turns so the signature survives (LiteLLM's shape). */
export type ThinkingBlock = { type: 'thinking'; thinking: string; signature?: string } | { type: 'redacted_thinking'; data: string };

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: PromptTokensDetails | null;
  completion_tokens_details?: CompletionTokensDetails | null;
  [field: string]: unknown;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface ChatChoice {
  index: number;
  message: {
    role: 'assistant';
    content: string | null;
    refusal?: string | null;
    tool_calls?: ToolCall[];
    reasoning_content?: string | null;
    [field: string]: unknown;
  };
  finish_reason: FinishReason | null;
  logprobs?: unknown;
  [field: string]: unknown;
}

export interface ChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoice[];
  usage?: Usage;
  system_fingerprint?: string | null;
  service_tier?: string | null;
  [field: string]: unknown;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatChunkChoice {
  index: number;
  delta: {
    role?: 'assistant';
    content?: string | null;
    refusal?: string | null;
    tool_calls?: ToolCallDelta[];
    reasoning_content?: string | null;
    [field: string]: unknown;
  };
  finish_reason: FinishReason | null;
  logprobs?: unknown;
  [field: string]: unknown;
}

export interface ChatChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatChunkChoice[];
  usage?: Usage | null;
  system_fingerprint?: string | null;
  [field: string]: unknown;
}
