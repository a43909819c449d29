import { GatewayError, UnsupportedParameterError, type ChatRequest } from '@switchyard/core';
import { mapAnthropicMessages } from './map-messages.js';
import { mapAnthropicThinking } from './map-reasoning.js';
import { mapAnthropicToolChoice, mapAnthropicTools } from './map-tools.js';
import type { AnthropicSettings } from './settings.js';
import type { AnthropicMessagesBody } from './wire-types.js';

/*
 * OpenAI chat request → Anthropic Messages request. Only params listed in supported-params.ts reach here (core
 * refuses the rest); each is mapped or refused with a 400 naming it, never dropped.
 * @see https://docs.anthropic.com/en/api/messages
 * @see https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs
 */

/** max_tokens when neither the request nor the catalog gives one: Anthropic requires the field. */
export const fallbackMaxTokens = 4096;

export interface AnthropicBodyOptions {
  /** The upstream model id; omitted from the body when undefined (Vertex AI names the model in the URL). */
  model?: string;
  /** max_tokens when the request has none, usually the catalog's max_output_tokens; else 4096. */
  defaultMaxTokens?: number;
  stream: boolean;
  /** Prefixes error messages and names the provider in UnsupportedParameterError; 'anthropic' by default. */
  provider?: string;
}

/**
 * Builds the Messages API body of an OpenAI chat request. Throws a 400 GatewayError for input Anthropic cannot take
 * (n > 1, audio parts, invalid tool call arguments, conflicting max_tokens…). Stable: Vertex AI's Claude reuses it.
 */
export function mapAnthropicRequestBody(request: ChatRequest, options: AnthropicBodyOptions): AnthropicMessagesBody {
  const provider = options.provider ?? 'anthropic';
  if (typeof request.n === 'number' && request.n > 1) {
    throw new GatewayError({ code: 'unsupported_parameter', param: 'n', message: `${provider}: Anthropic returns one choice per request; n must be 1` });
  }
  if (request.stream_options?.include_obfuscation === true) throw new UnsupportedParameterError('stream_options.include_obfuscation', provider);

  const { system, messages } = mapAnthropicMessages(request.messages, provider);
  const body: AnthropicMessagesBody = {
    ...(options.model === undefined ? {} : { model: options.model }),
    max_tokens: maxTokens(request, options, provider),
    messages,
  };
  if (system.length > 0) body.system = system;
  if (typeof request.stop === 'string') body.stop_sequences = [request.stop];
  else if (Array.isArray(request.stop)) body.stop_sequences = request.stop;
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  if (typeof request.top_k === 'number') body.top_k = request.top_k;
  if (typeof request.user === 'string') body.metadata = { user_id: request.user };
  if (request.tools !== undefined && request.tools !== null && request.tools.length > 0) {
    body.tools = mapAnthropicTools(request.tools, provider);
    const toolChoice = mapAnthropicToolChoice(request, provider);
    if (toolChoice !== undefined) body.tool_choice = toolChoice;
  } else if (request.tool_choice !== undefined && request.tool_choice !== null && request.tool_choice !== 'none' && request.tool_choice !== 'auto') {
    throw new GatewayError({ code: 'invalid_request', param: 'tool_choice', message: `${provider}: tool_choice requires tools` });
  }
  const thinking = mapAnthropicThinking(request, provider);
  if (thinking !== undefined) body.thinking = thinking;
  const format = outputFormat(request, provider);
  if (format !== undefined) body.output_config = { format };
  if (options.stream) body.stream = true;
  return body;
}

/** The URL, headers and body of a call to Anthropic's own API. */
export function mapAnthropicRequest(request: ChatRequest, settings: AnthropicSettings, options: { model: string; defaultMaxTokens?: number; stream: boolean }) {
  return { url: settings.url, headers: { ...settings.headers }, body: mapAnthropicRequestBody(request, options) };
}

function maxTokens(request: ChatRequest, options: AnthropicBodyOptions, provider: string): number {
  const legacy = request.max_tokens ?? undefined;
  const current = request.max_completion_tokens ?? undefined;
  if (legacy !== undefined && current !== undefined && legacy !== current) {
    throw new GatewayError({ code: 'invalid_request', param: 'max_completion_tokens', message: `${provider}: max_tokens and max_completion_tokens disagree; send one` });
  }
  return current ?? legacy ?? options.defaultMaxTokens ?? fallbackMaxTokens;
}

/**
 * json_schema → output_config.format, Anthropic's constrained decoding (generally available since the beta's
 * output_format moved there), so the answer stays plain text content as OpenAI returns it. The schema's name,
 * description and strict have no place there (decoding is always strict). json_object has no schema to give and is
 * refused.
 */
function outputFormat(request: ChatRequest, provider: string): { type: 'json_schema'; schema: Record<string, unknown> } | undefined {
  const format = request.response_format;
  if (format === undefined || format === null || format.type === 'text') return undefined;
  if (format.type === 'json_schema' && format.json_schema.schema !== undefined) return { type: 'json_schema', schema: format.json_schema.schema };
  throw new GatewayError({
    code: 'unsupported_parameter',
    param: 'response_format',
    message: `${provider}: Anthropic's structured outputs need a JSON schema; send response_format {type: 'json_schema', json_schema: {name, schema}}`,
  });
}
