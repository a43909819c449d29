import { GatewayError, UnsupportedParameterError, type ChatRequest, type EmbeddingsRequest, type FunctionTool } from '@switchyard/core';
import { mapOllamaMessages } from './map-messages.js';
import { readKeepAlive, readOptions, type OllamaSettings } from './settings.js';
import type { OllamaChatRequest, OllamaEmbedRequest, OllamaThink, OllamaTool } from './wire-types.js';

/*
 * Builds the upstream calls: POST /api/chat, POST /api/embed, GET /api/tags. Sampling params go into `options` under
 * Ollama's names, response_format into `format`, reasoning_effort into `think`.
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 * @see https://github.com/ollama/ollama/blob/main/docs/api.md#generate-request-with-options (the options)
 * @see https://docs.ollama.com/capabilities/thinking
 * @see https://docs.ollama.com/capabilities/embeddings
 */

const providerId = 'ollama';

/** The OpenAI params this provider carries (besides model, messages, stream, input), plus Ollama's own extras. */
export const ollamaChatParams = [
  'temperature',
  'top_p',
  'seed',
  'stop',
  'max_tokens',
  'max_completion_tokens',
  'presence_penalty',
  'frequency_penalty',
  'response_format',
  'reasoning_effort',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'n',
  'stream_options',
] as const;
export const ollamaEmbeddingParams = ['dimensions', 'encoding_format'] as const;
/** Ollama-native fields a request may add: top-level ones, and the runtime options in settings.ts by name. */
export const ollamaExtraParams = ['think', 'keep_alive', 'truncate'] as const;

export interface OllamaUpstreamRequest<Body> {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Body;
}

export function mapOllamaChatRequest(request: ChatRequest, settings: OllamaSettings, stream: boolean): OllamaUpstreamRequest<OllamaChatRequest> {
  if (request.n != null && request.n !== 1) {
    throw new GatewayError({ code: 'unsupported_parameter', param: 'n', message: 'ollama returns one choice per request; n must be 1.' });
  }
  const body: OllamaChatRequest = { model: request.model, messages: mapOllamaMessages(request.messages), stream };
  const tools = mapTools(request);
  if (tools !== undefined) body.tools = tools;
  const format = mapFormat(request);
  if (format !== undefined) body.format = format;
  const options = { ...settings.options, ...requestOptions(request), ...samplingOptions(request) };
  if (Object.keys(options).length > 0) body.options = options;
  const think = mapThink(request);
  if (think !== undefined) body.think = think;
  const keepAlive = mapKeepAlive(request, settings);
  if (keepAlive !== undefined) body.keep_alive = keepAlive;
  const truncate = mapTruncate(request);
  if (truncate !== undefined) body.truncate = truncate;
  return { url: `${settings.baseUrl}/api/chat`, headers: jsonHeaders(settings), body };
}

export function mapOllamaEmbedRequest(request: EmbeddingsRequest, settings: OllamaSettings): OllamaUpstreamRequest<OllamaEmbedRequest> {
  const input = request.input;
  // Ollama embeds text only; OpenAI's token-id arrays have no Ollama equivalent.
  if (!(typeof input === 'string' || (Array.isArray(input) && input.every((item) => typeof item === 'string')))) {
    throw new GatewayError({ code: 'unsupported_parameter', param: 'input', message: 'ollama embeds text only: input must be a string or an array of strings, not token ids.' });
  }
  const body: OllamaEmbedRequest = { model: request.model, input: input as string | string[] };
  if (request.dimensions != null) body.dimensions = request.dimensions;
  const truncate = mapTruncate(request);
  if (truncate !== undefined) body.truncate = truncate;
  const keepAlive = mapKeepAlive(request, settings);
  if (keepAlive !== undefined) body.keep_alive = keepAlive;
  const options = { ...settings.options, ...requestOptions(request) };
  if (Object.keys(options).length > 0) body.options = options;
  return { url: `${settings.baseUrl}/api/embed`, headers: jsonHeaders(settings), body };
}

export function mapOllamaModelsRequest(settings: OllamaSettings): Omit<OllamaUpstreamRequest<never>, 'body'> {
  return { url: `${settings.baseUrl}/api/tags`, headers: { ...settings.headers } };
}

function jsonHeaders(settings: OllamaSettings): Record<string, string> {
  return { 'content-type': 'application/json', ...settings.headers };
}

/** OpenAI sampling params under their Ollama option names. */
function samplingOptions(request: ChatRequest): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (request.temperature != null) options.temperature = request.temperature;
  if (request.top_p != null) options.top_p = request.top_p;
  if (request.seed != null) options.seed = request.seed;
  if (request.stop != null) options.stop = request.stop;
  if (request.presence_penalty != null) options.presence_penalty = request.presence_penalty;
  if (request.frequency_penalty != null) options.frequency_penalty = request.frequency_penalty;
  const maxTokens = request.max_tokens ?? undefined;
  const maxCompletionTokens = request.max_completion_tokens ?? undefined;
  if (maxTokens !== undefined && maxCompletionTokens !== undefined && maxTokens !== maxCompletionTokens) {
    throw new GatewayError({ code: 'invalid_request', param: 'max_completion_tokens', message: 'max_tokens and max_completion_tokens differ; send one of them.' });
  }
  const limit = maxCompletionTokens ?? maxTokens;
  if (limit !== undefined) options.num_predict = limit;
  return options;
}

/** Ollama runtime options a request names directly as extra body fields (`num_ctx`), checked like the config's. */
function requestOptions(request: Readonly<Record<string, unknown>>): Record<string, number | boolean> {
  try {
    return readOptions(request, 'request');
  } catch (error) {
    const param = /^request\.(\w+)/.exec((error as Error).message)?.[1];
    throw new GatewayError({ code: 'invalid_request', param: param ?? null, message: (error as Error).message });
  }
}

/**
 * Tools pass as Ollama takes them (the OpenAI shape). Ollama has no tool_choice: 'auto' is its behaviour, and 'none'
 * is carried by sending no tools; forcing a call ('required', a named function) cannot be expressed. Likewise a model
 * may always return several calls, so parallel_tool_calls: false cannot be honoured.
 */
function mapTools(request: ChatRequest): OllamaTool[] | undefined {
  const choice = request.tool_choice;
  if (choice !== undefined && choice !== null && choice !== 'auto' && choice !== 'none') throw new UnsupportedParameterError('tool_choice', providerId);
  if (request.parallel_tool_calls === false) throw new UnsupportedParameterError('parallel_tool_calls', providerId);
  if (request.tools === undefined || request.tools === null || request.tools.length === 0 || choice === 'none') return undefined;
  return request.tools.map((tool: FunctionTool, index) => {
    if (tool.type !== 'function') throw new UnsupportedParameterError(`tools[${index}].type`, providerId);
    const { name, description, parameters } = tool.function;
    // A function without parameters takes none: the empty object schema says exactly that, and Ollama requires one.
    const schema = parameters ?? { type: 'object', properties: {} };
    return { type: 'function', function: description === undefined ? { name, parameters: schema } : { name, description, parameters: schema } };
  });
}

/** json_object → format "json"; json_schema → the schema itself, which Ollama enforces with a grammar. */
function mapFormat(request: ChatRequest): OllamaChatRequest['format'] {
  const format = request.response_format;
  if (format === undefined || format === null || format.type === 'text') return undefined;
  if (format.type === 'json_object') return 'json';
  if (format.type === 'json_schema') {
    const schema = format.json_schema?.schema;
    if (schema === undefined || schema === null) {
      throw new GatewayError({ code: 'invalid_request', param: 'response_format.json_schema.schema', message: 'ollama needs the JSON schema itself in response_format.json_schema.schema.' });
    }
    return schema;
  }
  throw new UnsupportedParameterError('response_format.type', providerId);
}

const effortToThink: Readonly<Record<string, OllamaThink>> = { none: false, low: 'low', medium: 'medium', high: 'high', xhigh: 'max' };
const thinkValues: readonly unknown[] = [true, false, 'low', 'medium', 'high', 'max'];

/**
 * reasoning_effort → think. Ollama's levels are low, medium, high and max (a level turns thinking on for models
 * without levels); 'none' turns thinking off and 'xhigh' asks for the top level. 'minimal' has no Ollama level.
 * A request may also send Ollama's own `think`; the two must agree.
 */
function mapThink(request: ChatRequest): OllamaThink | undefined {
  const effort = request.reasoning_effort;
  let fromEffort: OllamaThink | undefined;
  if (effort != null) {
    fromEffort = effortToThink[effort];
    if (fromEffort === undefined) {
      throw new GatewayError({
        code: 'invalid_request',
        param: 'reasoning_effort',
        message: `ollama has no thinking level for reasoning_effort '${effort}'; use none, low, medium, high or xhigh (Ollama's max).`,
      });
    }
  }
  const think = request.think;
  if (think === undefined || think === null) return fromEffort;
  if (!thinkValues.includes(think)) throw new GatewayError({ code: 'invalid_request', param: 'think', message: 'think must be true, false, "low", "medium", "high" or "max".' });
  if (fromEffort !== undefined && fromEffort !== think) throw new GatewayError({ code: 'invalid_request', param: 'think', message: 'think and reasoning_effort disagree; send one of them.' });
  return think as OllamaThink;
}

function mapKeepAlive(request: Readonly<Record<string, unknown>>, settings: OllamaSettings): OllamaChatRequest['keep_alive'] {
  try {
    return readKeepAlive(request.keep_alive, 'keep_alive') ?? settings.keepAlive;
  } catch (error) {
    throw new GatewayError({ code: 'invalid_request', param: 'keep_alive', message: (error as Error).message });
  }
}

function mapTruncate(request: Readonly<Record<string, unknown>>): boolean | undefined {
  const truncate = request.truncate;
  if (truncate === undefined || truncate === null) return undefined;
  if (typeof truncate !== 'boolean') throw new GatewayError({ code: 'invalid_request', param: 'truncate', message: 'truncate must be a boolean.' });
  return truncate;
}
