import type { ChatRequest } from '@switchyard/core';
import { mapAnthropicRequestBody } from '@switchyard/provider-anthropic';
import { buildGeminiRequestBody } from '@switchyard/provider-gemini';
import { vertexModelUrl, type VertexSettings } from './settings.js';

/*
 * OpenAI chat request → one Vertex AI call. The bodies are the Gemini API's and Anthropic's own, built by those
 * providers' mappers; Vertex only moves the model into the URL and takes an OAuth2 bearer token.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference (Gemini: generateContent)
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude (Claude: rawPredict)
 */

const providerId = 'vertex_ai';

/**
 * The Messages API version Vertex AI's Claude models take, in the body instead of an `anthropic-version` header.
 * @see https://docs.anthropic.com/en/api/claude-on-vertex-ai
 */
export const vertexAnthropicVersion = 'vertex-2023-10-16';

/** Where the call goes: the project (resolved by the caller, from ADC if need be) and the auth headers it fetched. */
export interface VertexCallTarget {
  readonly project: string;
  /** `authorization: Bearer …` (and `x-goog-user-project` when the credentials name a quota project). */
  readonly authHeaders: Readonly<Record<string, string>>;
}

export interface VertexBodyOptions {
  readonly stream: boolean;
  /** For Claude: max_tokens when the request gives none (the catalog's max_output_tokens). */
  readonly defaultMaxTokens?: number;
}

export interface VertexUpstreamRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/**
 * The body alone. Built before any token is fetched, so input the publisher cannot take is refused (400) without a
 * round trip to Google's token endpoint.
 */
export function mapVertexChatBody(request: ChatRequest, settings: VertexSettings, options: VertexBodyOptions): unknown {
  if (settings.publisher === 'anthropic') {
    // The Messages body without `model` (the URL names it), with the Vertex version string in the body.
    return { anthropic_version: vertexAnthropicVersion, ...mapAnthropicRequestBody(request, { provider: providerId, defaultMaxTokens: options.defaultMaxTokens, stream: options.stream }) };
  }
  // Vertex's FunctionCall and FunctionResponse have no `id` (aiplatform v1 tool.proto: name, args / response, parts):
  // Vertex refuses one with 400 "Unknown name "id" at 'contents[1].parts[0].function_call'". Tool call ids in Vertex
  // answers are made by Gemini's response mapper, as for AI Studio answers without one.
  return buildGeminiRequestBody(request, { provider: providerId, model: settings.model, functionCallIds: false });
}

/** URL and headers of a chat call carrying `body`. */
export function vertexChatCall(settings: VertexSettings, target: VertexCallTarget, stream: boolean, body: unknown): VertexUpstreamRequest {
  const method = settings.publisher === 'anthropic' ? (stream ? 'streamRawPredict' : 'rawPredict') : stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return { url: vertexModelUrl(settings, target.project, method), headers: vertexHeaders(settings, target), body };
}

/** The whole call: URL, headers and body. */
export function mapVertexChatRequest(request: ChatRequest, settings: VertexSettings, target: VertexCallTarget, options: VertexBodyOptions): VertexUpstreamRequest {
  return vertexChatCall(settings, target, options.stream, mapVertexChatBody(request, settings, options));
}

/** content-type, the auth headers, then the operator's extra headers (which may replace them). */
export function vertexHeaders(settings: VertexSettings, target: VertexCallTarget): Record<string, string> {
  return { 'content-type': 'application/json', ...target.authHeaders, ...settings.headers };
}
