import { defineProvider, type ChatChunk, type ChatResponse, type EmbeddingsResponse, type UpstreamFailure, type UpstreamError } from '@switchyard/core';
import { buildGeminiEmbeddingsBody, mapGeminiEmbeddingsResponse } from './map-embeddings.js';
import { mapGeminiError } from './map-error.js';
import { geminiModelUrl, geminiSupportedParams, mapGeminiChatRequest } from './map-request.js';
import { mapGeminiResponse } from './map-response.js';
import { mapGeminiStream } from './map-stream.js';
import { readGeminiSettings } from './settings.js';

const PROVIDER_ID = 'gemini';

const mapError = (failure: UpstreamFailure): UpstreamError => mapGeminiError(PROVIDER_ID, failure);
const now = (): number => Math.floor(Date.now() / 1000);

/** The Gemini API (Google AI Studio, generativelanguage.googleapis.com) for `gemini/<model>` deployments. */
export const gemini = defineProvider({
  specificationVersion: 'v1',
  id: PROVIDER_ID,
  prefixes: ['gemini'],
  supportedParams: () => geminiSupportedParams,
  checkDeployment(deployment) {
    readGeminiSettings(deployment);
  },
  chat: {
    async complete(request, call): Promise<ChatResponse> {
      const settings = readGeminiSettings(call.deployment);
      const upstream = mapGeminiChatRequest(request, settings, request.model, false);
      const answer = await call.http.postJson(upstream.url, { headers: upstream.headers, body: upstream.body, mapError });
      return mapGeminiResponse(answer.body, { provider: PROVIDER_ID, model: request.model, created: now() });
    },
    async stream(request, call): Promise<AsyncIterable<ChatChunk>> {
      const settings = readGeminiSettings(call.deployment);
      const upstream = mapGeminiChatRequest(request, settings, request.model, true);
      const answer = await call.http.postStream(upstream.url, { headers: upstream.headers, body: upstream.body, mapError, framing: 'sse' });
      const includeUsage = request.stream_options?.include_usage === true;
      return mapGeminiStream(answer.events, { provider: PROVIDER_ID, model: request.model, created: now(), includeUsage });
    },
  },
  embeddings: {
    async create(request, call): Promise<EmbeddingsResponse> {
      const settings = readGeminiSettings(call.deployment);
      const resource = request.model.includes('/') ? request.model : `models/${request.model}`;
      const body = buildGeminiEmbeddingsBody(request, resource, PROVIDER_ID);
      const url = `${geminiModelUrl(settings, request.model)}:batchEmbedContents`;
      const answer = await call.http.postJson(url, { headers: { 'content-type': 'application/json', ...settings.headers }, body, mapError });
      return mapGeminiEmbeddingsResponse(answer.body, request, request.model, PROVIDER_ID);
    },
  },
});
