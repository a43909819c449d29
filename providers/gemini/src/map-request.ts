import { GatewayError, UnsupportedParameterError, type ChatRequest } from '@switchyard/core';
import { toGeminiJsonSchema } from './convert-schema.js';
import { mapGeminiMessages } from './map-content.js';
import { mapGeminiThinking } from './map-thinking.js';
import { mapGeminiTools } from './map-tools.js';
import type { GeminiSettings } from './settings.js';
import type { GeminiGenerateContentRequest, GeminiGenerationConfig } from './wire-types.js';

/*
 * OpenAI chat request → Gemini generateContent request. The model goes in the URL; the body holds the conversation,
 * tools and generationConfig.
 * @see https://ai.google.dev/api/generate-content#method:-models.generatecontent
 * @see https://ai.google.dev/api/generate-content#generationconfig
 * @see https://ai.google.dev/gemini-api/docs/structured-output
 */

/**
 * The OpenAI params a Gemini deployment carries, beyond model, messages and stream (`dimensions` and
 * `encoding_format` are for embeddings; `top_k` and `thinking` are LiteLLM's extras for Gemini).
 */
export const geminiSupportedParams: ReadonlySet<string> = new Set([
  'temperature', 'top_p', 'top_k', 'max_tokens', 'max_completion_tokens', 'stop', 'n', 'presence_penalty', 'frequency_penalty',
  'seed', 'logprobs', 'top_logprobs', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'reasoning_effort',
  'thinking', 'stream_options', 'dimensions', 'encoding_format',
]);

/** What the body builder needs besides the request. */
export interface GeminiRequestOptions {
  /** The provider id named in errors: 'gemini', 'vertex_ai'. */
  readonly provider: string;
  /** The upstream model id ('gemini-2.5-flash'); it decides between thinkingLevel and thinkingBudget. */
  readonly model: string;
  /** Sent as the body's `safetySettings` when given. */
  readonly safetySettings?: ReadonlyArray<Readonly<Record<string, string>>>;
  /**
   * Whether functionCall and functionResponse parts carry the tool call's `id` (default true). Vertex AI's have no such
   * field and refuse a body with one; there a function response pairs with its call by name and order.
   */
  readonly functionCallIds?: boolean;
}

/** One upstream call: where, with which headers, and the body core serialises. */
export interface GeminiUpstreamRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/**
 * Builds the generateContent body (the same for :generateContent and :streamGenerateContent, and for Vertex AI).
 * Throws a GatewayError (400) for input Gemini cannot carry, naming the param.
 */
export function buildGeminiRequestBody(request: ChatRequest, options: GeminiRequestOptions): GeminiGenerateContentRequest {
  const { provider } = options;
  const { systemInstruction, contents } = mapGeminiMessages(request.messages, provider, { functionCallIds: options.functionCallIds ?? true });
  const body: GeminiGenerateContentRequest = { contents };
  if (systemInstruction !== undefined) body.systemInstruction = systemInstruction;
  const { tools, toolConfig } = mapGeminiTools(request, provider);
  if (tools !== undefined) body.tools = tools;
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  if (options.safetySettings !== undefined) body.safetySettings = options.safetySettings.map((setting) => ({ ...setting }));
  const generationConfig = mapGenerationConfig(request, options);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  if (request.stream_options?.include_obfuscation === true) throw new UnsupportedParameterError('stream_options.include_obfuscation', provider);
  return body;
}

/** The chat call for a Gemini API (AI Studio) deployment: URL, headers (key in x-goog-api-key) and body. */
export function mapGeminiChatRequest(request: ChatRequest, settings: GeminiSettings, model: string, stream: boolean): GeminiUpstreamRequest {
  const method = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return {
    url: `${geminiModelUrl(settings, model)}:${method}`,
    headers: { 'content-type': 'application/json', ...settings.headers },
    body: buildGeminiRequestBody(request, { provider: 'gemini', model, safetySettings: settings.safetySettings }),
  };
}

/** `{base}/{version}/models/{model}`; a model id that is already a resource name (`tunedModels/x`) is used as it is. */
export function geminiModelUrl(settings: GeminiSettings, model: string): string {
  const resource = model.includes('/') ? model : `models/${model}`;
  return `${settings.baseUrl}/${settings.apiVersion}/${resource}`;
}

function mapGenerationConfig(request: ChatRequest, options: GeminiRequestOptions): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  const set = <K extends keyof GeminiGenerationConfig>(key: K, value: GeminiGenerationConfig[K] | null | undefined): void => {
    if (value !== undefined && value !== null) config[key] = value;
  };
  set('temperature', request.temperature);
  set('topP', request.top_p);
  set('topK', request.top_k as number | null | undefined);
  set('maxOutputTokens', maxOutputTokens(request));
  set('stopSequences', typeof request.stop === 'string' ? [request.stop] : request.stop);
  set('candidateCount', request.n);
  set('presencePenalty', request.presence_penalty);
  set('frequencyPenalty', request.frequency_penalty);
  set('seed', request.seed);
  set('responseLogprobs', request.logprobs);
  if (request.top_logprobs !== undefined && request.top_logprobs !== null) {
    // As in OpenAI's API, top_logprobs means nothing without logprobs.
    if (request.logprobs !== true) throw new GatewayError({ code: 'invalid_request', param: 'top_logprobs', message: 'top_logprobs requires logprobs: true' });
    config.logprobs = request.top_logprobs;
  }
  const format = request.response_format;
  if (format !== undefined && format !== null && format.type !== 'text') {
    if (format.type === 'json_object') config.responseMimeType = 'application/json';
    else if (format.type === 'json_schema') {
      config.responseMimeType = 'application/json';
      if (format.json_schema.schema !== undefined) config.responseJsonSchema = toGeminiJsonSchema(format.json_schema.schema);
    } else throw new UnsupportedParameterError('response_format.type', options.provider);
  }
  set('thinkingConfig', mapGeminiThinking(request, options));
  return config;
}

function maxOutputTokens(request: ChatRequest): number | undefined {
  const legacy = request.max_tokens ?? undefined;
  const current = request.max_completion_tokens ?? undefined;
  if (legacy !== undefined && current !== undefined && legacy !== current) {
    throw new GatewayError({ code: 'invalid_request', param: 'max_completion_tokens', message: `max_tokens (${legacy}) and max_completion_tokens (${current}) disagree; send one of them` });
  }
  return current ?? legacy;
}
