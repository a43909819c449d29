import type { ChatRequest, EmbeddingsRequest } from '@switchyard/core';
import type { OpenAISettings } from './settings.js';

/*
 * Builds the upstream calls. The request body is the client's OpenAI request as core hands it over (upstream model id
 * set, deployment defaults applied, unsupported params already refused): an OpenAI-compatible host takes it as it is,
 * so nothing is added, renamed or dropped here. Headers are only the deployment's: no client header ever crosses.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 * @see https://platform.openai.com/docs/api-reference/models/list
 */

/** One upstream call: where, with which headers, and the body core serialises. */
export interface OpenAIUpstreamRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

export function mapOpenAIChatRequest(request: ChatRequest, settings: OpenAISettings): OpenAIUpstreamRequest {
  return { url: `${settings.baseUrl}/chat/completions`, headers: jsonHeaders(settings), body: request };
}

export function mapOpenAIEmbeddingsRequest(request: EmbeddingsRequest, settings: OpenAISettings): OpenAIUpstreamRequest {
  return { url: `${settings.baseUrl}/embeddings`, headers: jsonHeaders(settings), body: request };
}

export function mapOpenAIModelsRequest(settings: OpenAISettings): OpenAIUpstreamRequest {
  return { url: `${settings.baseUrl}/models`, headers: { ...settings.headers } };
}

function jsonHeaders(settings: OpenAISettings): Record<string, string> {
  return { 'content-type': 'application/json', ...settings.headers };
}
