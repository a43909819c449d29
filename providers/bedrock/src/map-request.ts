import { GatewayError, UnsupportedParameterError, type ChatMessage, type ChatRequest } from '@switchyard/core';
import { mapBedrockTextContent, mapBedrockThinkingBlocks, mapBedrockUserContent, type ContentPartInput } from './map-content.js';
import { mapBedrockOutputConfig, mapBedrockToolConfig } from './map-tools.js';
import type { BedrockSettings } from './settings.js';
import type { ConverseContentBlock, ConverseMessage, ConverseRequestBody, ConverseSystemBlock } from './wire-types.js';

/*
 * An OpenAI chat request → a Converse request body. System and developer messages become `system` blocks (Converse
 * keeps them apart from the turns, so their position among the turns is not kept); tool results join the user turn
 * they belong to, and consecutive turns of one role are merged, since Converse wants user and assistant to alternate.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-call.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html
 */

const provider = 'bedrock';

/**
 * Thinking budgets for reasoning_effort on Claude. 1024 is the smallest budget Anthropic accepts, so `minimal` gets it
 * too; the others double per step, as LiteLLM's defaults do.
 */
export const bedrockThinkingBudgets: Readonly<Record<string, number>> = { minimal: 1024, low: 1024, medium: 2048, high: 4096 };

export interface BedrockRequestOptions {
  /** max_tokens for a model that needs one when the client gave none: the catalog's max_output_tokens, if known. */
  readonly defaultMaxTokens?: number;
}

/** Percent-encodes a model id (ARNs included) as the AWS SDKs put it into the path: `:` → %3A, `/` → %2F. */
export function encodeBedrockModelId(modelId: string): string {
  return encodeURIComponent(modelId).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The Converse or ConverseStream URL of a model under a runtime endpoint. */
export function bedrockChatUrl(baseUrl: string, settings: BedrockSettings, stream: boolean): string {
  return `${baseUrl}/model/${encodeBedrockModelId(settings.modelId)}/${stream ? 'converse-stream' : 'converse'}`;
}

export function mapBedrockChatRequest(request: ChatRequest, settings: BedrockSettings, options: BedrockRequestOptions = {}): ConverseRequestBody {
  if (request.n !== undefined && request.n !== null && request.n > 1) {
    throw new GatewayError({ code: 'unsupported_parameter', param: 'n', message: 'bedrock returns one choice per request; n > 1 is not supported' });
  }
  const { system, messages } = mapMessages(request.messages);
  const body: ConverseRequestBody = { messages };
  if (system.length > 0) body.system = system;

  const inferenceConfig: NonNullable<ConverseRequestBody['inferenceConfig']> = {};
  const maxTokens = requestedMaxTokens(request) ?? (settings.claude ? options.defaultMaxTokens : undefined);
  if (maxTokens !== undefined) inferenceConfig.maxTokens = maxTokens;
  if (request.temperature !== undefined && request.temperature !== null) inferenceConfig.temperature = request.temperature;
  if (request.top_p !== undefined && request.top_p !== null) inferenceConfig.topP = request.top_p;
  if (request.stop !== undefined && request.stop !== null) inferenceConfig.stopSequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (Object.keys(inferenceConfig).length > 0) body.inferenceConfig = inferenceConfig;

  const toolConfig = mapBedrockToolConfig(request, messages.some((message) => message.content.some((block) => 'toolUse' in block || 'toolResult' in block)));
  if (toolConfig !== undefined) body.toolConfig = toolConfig;

  const additional = additionalFields(request, settings);
  if (additional !== undefined) body.additionalModelRequestFields = additional;

  const outputConfig = mapBedrockOutputConfig(request.response_format);
  if (outputConfig !== undefined) body.outputConfig = outputConfig;
  return body;
}

function requestedMaxTokens(request: ChatRequest): number | undefined {
  const maxTokens = request.max_tokens ?? undefined;
  const maxCompletionTokens = request.max_completion_tokens ?? undefined;
  if (maxTokens !== undefined && maxCompletionTokens !== undefined && maxTokens !== maxCompletionTokens) {
    throw new GatewayError({ code: 'invalid_request', param: 'max_completion_tokens', message: 'max_tokens and max_completion_tokens disagree; send one of them' });
  }
  return maxCompletionTokens ?? maxTokens;
}

/** Claude's fields that Converse has no place for: `thinking` (also from reasoning_effort) and `top_k`. */
function additionalFields(request: ChatRequest, settings: BedrockSettings): Record<string, unknown> | undefined {
  const fields: Record<string, unknown> = {};
  const effort = request.reasoning_effort ?? undefined;
  const thinking = request.thinking ?? undefined;
  const topK = request.top_k ?? undefined;
  if (!settings.claude) {
    // supportedParams lists these only for Claude; this guards a request that reached the mapper another way.
    for (const [param, value] of [['reasoning_effort', effort], ['thinking', thinking], ['top_k', topK]] as const) {
      if (value !== undefined) throw new UnsupportedParameterError(param, provider);
    }
    return undefined;
  }
  if (effort !== undefined && thinking !== undefined) {
    throw new GatewayError({ code: 'invalid_request', param: 'reasoning_effort', message: 'send reasoning_effort or thinking, not both' });
  }
  if (effort !== undefined && effort !== 'none') {
    const budget = bedrockThinkingBudgets[effort];
    if (budget === undefined) throw new GatewayError({ code: 'invalid_request', param: 'reasoning_effort', message: `reasoning_effort must be one of none, ${Object.keys(bedrockThinkingBudgets).join(', ')}` });
    fields.thinking = { type: 'enabled', budget_tokens: budget };
  }
  if (thinking !== undefined) fields.thinking = thinking;
  if (topK !== undefined) fields.top_k = topK;
  return Object.keys(fields).length > 0 ? fields : undefined;
}

function mapMessages(input: ChatMessage[]): { system: ConverseSystemBlock[]; messages: ConverseMessage[] } {
  const system: ConverseSystemBlock[] = [];
  const messages: ConverseMessage[] = [];
  const append = (role: 'user' | 'assistant', content: ConverseContentBlock[]): void => {
    const last = messages[messages.length - 1];
    if (last !== undefined && last.role === role) last.content.push(...content);
    else messages.push({ role, content });
  };
  input.forEach((message, index) => {
    const param = `messages[${index}]`;
    if ('name' in message && message.name !== undefined && message.role !== 'function') throw new UnsupportedParameterError(`${param}.name`, provider);
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...mapBedrockTextContent(message.content as string | ContentPartInput[], `${param}.content`));
        return;
      case 'user':
        append('user', mapBedrockUserContent(message.content as string | ContentPartInput[], `${param}.content`));
        return;
      case 'assistant':
        append('assistant', mapAssistant(message, param));
        return;
      case 'tool':
        append('user', [{ toolResult: { toolUseId: message.tool_call_id, content: textOnly(mapBedrockTextContent(message.content as string | ContentPartInput[], `${param}.content`)) } }]);
        return;
      default:
        throw new UnsupportedParameterError(`${param}.role`, provider);
    }
  });
  return { system, messages };
}

function mapAssistant(message: Extract<ChatMessage, { role: 'assistant' }>, param: string): ConverseContentBlock[] {
  // Reasoning comes first, as the model produced it; Claude checks the signed blocks precede the answer.
  const blocks: ConverseContentBlock[] = [...mapBedrockThinkingBlocks((message as { thinking_blocks?: unknown }).thinking_blocks, `${param}.thinking_blocks`)];
  if (message.content !== undefined && message.content !== null) {
    const content = message.content as string | ContentPartInput[];
    // An empty string beside tool calls is how many clients write "no text"; Bedrock refuses a blank text block.
    if (!(content === '' && (message.tool_calls?.length ?? 0) > 0)) blocks.push(...mapBedrockTextContent(content, `${param}.content`));
  }
  (message.tool_calls ?? []).forEach((call, index) => {
    blocks.push({ toolUse: { toolUseId: call.id, name: call.function.name, input: parseArguments(call.function.arguments, `${param}.tool_calls[${index}].function.arguments`) } });
  });
  return blocks;
}

function parseArguments(text: string, param: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError({ code: 'invalid_request', param, message: `${param} is not valid JSON; bedrock needs the tool input as a JSON object` });
  }
}

function textOnly(blocks: ReturnType<typeof mapBedrockTextContent>): Array<{ text: string }> {
  // A tool result's content has no cachePoint member in Converse; the cache point cannot go inside it.
  if (blocks.some((block) => 'cachePoint' in block)) {
    throw new GatewayError({ code: 'unsupported_parameter', param: 'cache_control', message: 'bedrock cannot place a cache point inside a tool result' });
  }
  return blocks as Array<{ text: string }>;
}
