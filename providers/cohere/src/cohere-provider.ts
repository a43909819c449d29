import { defineProvider, type ChatChunk, type ChatResponse, type EmbeddingsResponse, type ProviderCall } from '@switchyard/core';
import { mapCohereEmbeddingsRequest, mapCohereEmbeddingsResponse } from './map-embeddings.js';
import { mapCohereError } from './map-error.js';
import { mapCohereChatRequest } from './map-request.js';
import { mapCohereResponse } from './map-response.js';
import { mapCohereStream } from './map-stream.js';
import { unsupportedByCohere } from './request-errors.js';
import { readCohereSettings } from './settings.js';
import { cohereChatParams, cohereEmbeddingsParams, cohereSupportedParams, foreignParam } from './supported-params.js';
import type { CohereChatResponse, CohereEmbedResponse } from './wire-types.js';

/**
 * Cohere's v2 API: chat (tools, documents with citations, reasoning, streaming) and embed. `cohere/` and LiteLLM's
 * older `cohere_chat/` prefix are the same upstream. docs/providers/cohere.md describes every mapping.
 */
export const cohere = defineProvider({
  specificationVersion: 'v1',
  id: 'cohere',
  prefixes: ['cohere', 'cohere_chat'],
  supportedParams: cohereSupportedParams,
  checkDeployment(deployment) {
    readCohereSettings(deployment);
  },
  chat: {
    async complete(request, call): Promise<ChatResponse> {
      refuseForeign(request, cohereChatParams);
      const settings = readCohereSettings(call.deployment);
      const upstream = mapCohereChatRequest(request, settings, false);
      const answer = await call.http.postJson<CohereChatResponse>(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: (failure) => mapCohereError(failure, settings.apiKey) });
      return mapCohereResponse(answer.body, { model: request.model, created: nowSeconds(), fallbackId: fallbackId(call) });
    },
    async stream(request, call): Promise<AsyncIterable<ChatChunk>> {
      refuseForeign(request, cohereChatParams);
      const settings = readCohereSettings(call.deployment);
      const upstream = mapCohereChatRequest(request, settings, true);
      const answer = await call.http.postStream(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: (failure) => mapCohereError(failure, settings.apiKey), framing: 'sse' });
      return mapCohereStream(answer.events, {
        model: request.model,
        created: nowSeconds(),
        fallbackId: fallbackId(call),
        includeUsage: request.stream_options?.include_usage === true,
        apiKey: settings.apiKey,
      });
    },
  },
  embeddings: {
    async create(request, call): Promise<EmbeddingsResponse> {
      refuseForeign(request, cohereEmbeddingsParams);
      const settings = readCohereSettings(call.deployment);
      const upstream = mapCohereEmbeddingsRequest(request, settings);
      const answer = await call.http.postJson<CohereEmbedResponse>(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: (failure) => mapCohereError(failure, settings.apiKey) });
      return mapCohereEmbeddingsResponse(answer.body, { model: request.model, encodingFormat: request.encoding_format === 'base64' ? 'base64' : 'float' });
    },
  },
});

function refuseForeign(request: Readonly<Record<string, unknown>>, own: ReadonlySet<string>): void {
  const param = foreignParam(request, own);
  if (param !== undefined) throw unsupportedByCohere(param, own === cohereChatParams ? 'it is an embeddings param, not a chat one' : 'it is a chat param, not an embeddings one');
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

// Cohere always sends an id; should one be missing, the gateway's request id keeps the answer traceable.
function fallbackId(call: ProviderCall): string {
  return `chatcmpl-${call.requestId}`;
}
