import { GatewayError, UnsupportedParameterError, type ChatRequest, type EmbeddingsRequest, type FunctionTool } from '@switchyard/core';
import { mapMistralMessages } from './map-messages.js';
import type { MistralSettings } from './settings.js';
import type { MistralChatRequest, MistralEmbeddingsRequest, MistralResponseFormat, MistralTool, MistralToolChoice } from './wire-types.js';

/*
 * OpenAI chat and embeddings requests → Mistral's. Mistral's request schemas forbid unknown fields (a 422
 * extra_forbidden), so the body is built field by field and nothing of the client's passes unread:
 * - seed → random_seed; max_tokens / max_completion_tokens → max_tokens (a 400 when both differ);
 * - tool_choice 'required' → 'any' (Mistral's word); a named function → {type: 'function', function: {name}};
 * - a tool without `parameters` gets {type: 'object', properties: {}}, which is what OpenAI says omitting it means
 *   (Mistral requires the field); strict: null is left out (null means the default, false);
 * - response_format json_schema passes with its name, description, schema and strict; Mistral requires the schema;
 * - prediction's text parts are joined into Mistral's single string;
 * - temperature, top_p, stop, n, presence_penalty, frequency_penalty, parallel_tool_calls, reasoning_effort,
 *   prompt_cache_key pass as they are; safe_prompt and prompt_mode are Mistral's own and pass too (with the
 *   deployment's defaults under them);
 * - stream_options is read, never sent: Mistral always ends a stream with usage.
 * A param given as null is treated as absent (OpenAI's meaning: the default).
 * @see https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post
 * @see https://docs.mistral.ai/api/#tag/embeddings/operation/embeddings_v1_embeddings_post
 */

const provider = 'mistral';

/** One upstream call: where, with which headers, and the body core serialises. */
export interface MistralUpstreamRequest<Body> {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Body;
}

/** The chat params this provider maps, beyond model, messages and stream. */
export const mistralChatParams: ReadonlySet<string> = new Set([
  'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'stop', 'seed', 'n', 'presence_penalty', 'frequency_penalty',
  'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'prediction', 'reasoning_effort', 'prompt_mode',
  'safe_prompt', 'prompt_cache_key', 'stream_options',
]);

/** The embeddings params this provider maps, beyond model and input. */
export const mistralEmbeddingsParams: ReadonlySet<string> = new Set(['encoding_format', 'dimensions', 'output_dtype']);

const passedAsIs = ['temperature', 'top_p', 'stop', 'n', 'presence_penalty', 'frequency_penalty', 'parallel_tool_calls', 'reasoning_effort', 'prompt_cache_key'] as const;

export function mapMistralChatRequest(request: ChatRequest, settings: MistralSettings, stream: boolean): MistralUpstreamRequest<MistralChatRequest> {
  refuseUnmapped(request, mistralChatParams, ['model', 'messages', 'stream']);
  const body: MistralChatRequest = { model: request.model, messages: mapMistralMessages(request.messages) };
  if (stream) body.stream = true;
  const out = body as unknown as Record<string, unknown>;
  for (const key of passedAsIs) if (isSet(request[key])) out[key] = request[key];

  const maxTokens = maxTokensOf(request);
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  if (isSet(request.seed)) body.random_seed = request.seed;
  if (request.tools !== undefined) body.tools = request.tools.map(mapTool);
  if (isSet(request.tool_choice)) body.tool_choice = mapToolChoice(request.tool_choice);
  if (isSet(request.response_format)) body.response_format = mapResponseFormat(request.response_format);
  if (isSet(request.prediction)) body.prediction = mapPrediction(request.prediction);

  const safePrompt = isSet(request.safe_prompt) ? request.safe_prompt : settings.defaults.safe_prompt;
  if (safePrompt !== undefined) {
    if (typeof safePrompt !== 'boolean') throw new GatewayError({ code: 'invalid_request', param: 'safe_prompt', message: 'safe_prompt must be true or false' });
    body.safe_prompt = safePrompt;
  }
  const promptMode = request.prompt_mode !== undefined ? request.prompt_mode : settings.defaults.prompt_mode;
  if (promptMode !== undefined) {
    if (promptMode !== 'reasoning' && promptMode !== null) throw new GatewayError({ code: 'invalid_request', param: 'prompt_mode', message: "prompt_mode must be 'reasoning' or null" });
    body.prompt_mode = promptMode;
  }
  if (request.stream_options?.include_obfuscation === true) throw new UnsupportedParameterError('stream_options.include_obfuscation', provider);
  return { url: `${settings.baseUrl}/chat/completions`, headers: jsonHeaders(settings), body };
}

export function mapMistralEmbeddingsRequest(request: EmbeddingsRequest, settings: MistralSettings): MistralUpstreamRequest<MistralEmbeddingsRequest> {
  refuseUnmapped(request, mistralEmbeddingsParams, ['model', 'input']);
  const input = request.input;
  if (typeof input !== 'string' && !(Array.isArray(input) && input.every((item) => typeof item === 'string'))) {
    // Mistral embeds text only; OpenAI's token-id arrays have no Mistral form.
    throw new GatewayError({ code: 'invalid_request', param: 'input', message: 'mistral embeds text: input must be a string or an array of strings, not token ids' });
  }
  const body: MistralEmbeddingsRequest = { model: request.model, input: input as string | string[] };
  if (isSet(request.encoding_format)) body.encoding_format = request.encoding_format;
  if (isSet(request.dimensions)) body.output_dimension = request.dimensions;
  if (isSet(request.output_dtype)) body.output_dtype = request.output_dtype as MistralEmbeddingsRequest['output_dtype'];
  return { url: `${settings.baseUrl}/embeddings`, headers: jsonHeaders(settings), body };
}

/*
 * Core checks params against supportedParams, one set for chat and embeddings; each mapper also refuses what it
 * does not read (an embeddings param in a chat request, or any param when a caller skips core's check).
 */
function refuseUnmapped(request: Record<string, unknown>, mapped: ReadonlySet<string>, always: readonly string[]): void {
  for (const key of Object.keys(request)) {
    if (request[key] === undefined || always.includes(key) || mapped.has(key)) continue;
    throw new UnsupportedParameterError(key, provider);
  }
}

function maxTokensOf(request: ChatRequest): number | undefined {
  const legacy = isSet(request.max_tokens) ? request.max_tokens : undefined;
  const current = isSet(request.max_completion_tokens) ? request.max_completion_tokens : undefined;
  if (legacy !== undefined && current !== undefined && legacy !== current) {
    throw new GatewayError({ code: 'invalid_request', param: 'max_completion_tokens', message: `max_tokens (${legacy}) and max_completion_tokens (${current}) disagree; mistral takes one limit, send one of them` });
  }
  return current ?? legacy;
}

function mapTool(tool: FunctionTool, index: number): MistralTool {
  if (tool.type !== 'function') throw new UnsupportedParameterError(`tools[${index}].type`, provider);
  const { name, description, parameters, strict } = tool.function;
  const out: MistralTool = { type: 'function', function: { name, parameters: parameters ?? { type: 'object', properties: {} } } };
  if (description !== undefined) out.function.description = description;
  if (typeof strict === 'boolean') out.function.strict = strict;
  return out;
}

function mapToolChoice(choice: NonNullable<ChatRequest['tool_choice']>): MistralToolChoice {
  if (choice === 'required') return 'any';
  if (choice === 'auto' || choice === 'none') return choice;
  if (typeof choice === 'object' && choice.type === 'function') return { type: 'function', function: { name: choice.function.name } };
  throw new UnsupportedParameterError('tool_choice', provider);
}

function mapResponseFormat(format: NonNullable<ChatRequest['response_format']>): MistralResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const { name, description, schema, strict } = format.json_schema;
  if (schema === undefined) {
    throw new GatewayError({ code: 'invalid_request', param: 'response_format.json_schema.schema', message: 'mistral needs response_format.json_schema.schema: the JSON schema the answer must follow' });
  }
  const jsonSchema: NonNullable<MistralResponseFormat['json_schema']> = { name, schema };
  if (description !== undefined) jsonSchema.description = description;
  if (typeof strict === 'boolean') jsonSchema.strict = strict;
  return { type: 'json_schema', json_schema: jsonSchema };
}

function mapPrediction(prediction: unknown): { type: 'content'; content: string } {
  const { type, content } = prediction as { type?: unknown; content?: unknown };
  if (type === 'content' && typeof content === 'string') return { type: 'content', content };
  if (type === 'content' && Array.isArray(content) && content.every((part: { type?: unknown; text?: unknown }) => part?.type === 'text' && typeof part.text === 'string')) {
    return { type: 'content', content: (content as Array<{ text: string }>).map((part) => part.text).join('') };
  }
  throw new GatewayError({ code: 'invalid_request', param: 'prediction', message: "prediction must be {type: 'content', content: string or text parts}" });
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

function jsonHeaders(settings: MistralSettings): Record<string, string> {
  return { 'content-type': 'application/json', ...settings.headers };
}
