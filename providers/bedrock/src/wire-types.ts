/*
 * The Converse shapes this provider writes and reads: only the fields it uses, lenient where it reads.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 * @see /work/shared/specs/bedrock/bedrock-runtime-2023-09-30.service-2.json (ConverseRequest, ConverseResponse)
 */

export interface ConverseCachePoint { cachePoint: { type: 'default'; ttl?: '5m' | '1h' } }

export interface ConverseReasoningBlock {
  reasoningContent: { reasoningText: { text: string; signature?: string } } | { redactedContent: string };
}

export type ConverseContentBlock =
  | { text: string }
  | { image: { format: 'png' | 'jpeg' | 'gif' | 'webp'; source: { bytes: string } } }
  | { document: { format: 'pdf'; name: string; source: { bytes: string } } }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: Array<{ text: string }> } }
  | ConverseReasoningBlock
  | ConverseCachePoint;

export interface ConverseMessage { role: 'user' | 'assistant'; content: ConverseContentBlock[] }

export type ConverseSystemBlock = { text: string } | ConverseCachePoint;

export interface ConverseTool {
  toolSpec?: { name: string; description?: string; inputSchema: { json: unknown }; strict?: boolean };
  cachePoint?: ConverseCachePoint['cachePoint'];
}

export type ConverseToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export interface ConverseRequestBody {
  messages: ConverseMessage[];
  system?: ConverseSystemBlock[];
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number; stopSequences?: string[] };
  toolConfig?: { tools: ConverseTool[]; toolChoice?: ConverseToolChoice };
  additionalModelRequestFields?: Record<string, unknown>;
  outputConfig?: { textFormat: { type: 'json_schema'; structure: { jsonSchema: { schema: string; name?: string; description?: string } } } };
}

/** A content block of an answer, as read: any member may be absent. */
export interface ConverseOutputBlock {
  text?: string;
  toolUse?: { toolUseId?: string; name?: string; input?: unknown };
  reasoningContent?: { reasoningText?: { text?: string; signature?: string }; redactedContent?: string };
}

export interface ConverseTokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface ConverseResponseBody {
  output?: { message?: { role?: string; content?: ConverseOutputBlock[] } };
  stopReason?: string;
  usage?: ConverseTokenUsage;
}
