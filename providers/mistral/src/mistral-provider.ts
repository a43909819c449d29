import { defineProvider, messageNameParam, type ChatChunk, type ChatResponse, type EmbeddingsResponse, type UpstreamFailure } from '@switchyard/core';
import { isMistralErrorPayload, mapMistralError, mapMistralErrorPayload } from './map-error.js';
import { mapMistralChatRequest, mapMistralEmbeddingsRequest, mistralChatParams, mistralEmbeddingsParams } from './map-request.js';
import { mapMistralEmbeddingsResponse, mapMistralResponse } from './map-response.js';
import { mapMistralStream } from './map-stream.js';
import { readMistralSettings, type MistralSettings } from './settings.js';
import type { MistralChatResponse, MistralEmbeddingsResponse } from './wire-types.js';

/** Mistral AI's native chat completions and embeddings API, for `mistral/<model>` deployments. */
export const mistral = defineProvider({
  specificationVersion: 'v1',
  id: 'mistral',
  prefixes: ['mistral'],
  supportedParams: () => supportedParams,
  checkDeployment(deployment) {
    readMistralSettings(deployment);
  },
  chat: {
    async complete(request, call): Promise<ChatResponse> {
      const settings = readMistralSettings(call.deployment);
      const upstream = mapMistralChatRequest(request, settings, false);
      const answer = await call.http.postJson<MistralChatResponse>(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: errorMapper(settings) });
      if (isMistralErrorPayload(answer.body)) throw mapMistralErrorPayload(answer.body, answer.text, settings.apiKey);
      return mapMistralResponse(answer.body, call.deployment.model, answer.status);
    },
    async stream(request, call): Promise<AsyncIterable<ChatChunk>> {
      const settings = readMistralSettings(call.deployment);
      const upstream = mapMistralChatRequest(request, settings, true);
      const answer = await call.http.postStream(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: errorMapper(settings), framing: 'sse' });
      return mapMistralStream(answer.events, request.stream_options?.include_usage === true, call.deployment.model, settings.apiKey);
    },
  },
  embeddings: {
    async create(request, call): Promise<EmbeddingsResponse> {
      const settings = readMistralSettings(call.deployment);
      const upstream = mapMistralEmbeddingsRequest(request, settings);
      const answer = await call.http.postJson<MistralEmbeddingsResponse>(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: errorMapper(settings) });
      if (isMistralErrorPayload(answer.body)) throw mapMistralErrorPayload(answer.body, answer.text, settings.apiKey);
      return mapMistralEmbeddingsResponse(answer.body, call.deployment.model, answer.status);
    },
  },
});

// One set for every deployment: chat and embeddings share core's check, and each mapper refuses the other's params.
// Mistral takes a tool message's name (map-messages.ts refuses it on the other roles).
const supportedParams: ReadonlySet<string> = new Set([...mistralChatParams, ...mistralEmbeddingsParams, messageNameParam]);

// Built once per deployment's settings rather than as a new closure on every request.
const errorMappers = new WeakMap<MistralSettings, (failure: UpstreamFailure) => ReturnType<typeof mapMistralError>>();

function errorMapper(settings: MistralSettings): (failure: UpstreamFailure) => ReturnType<typeof mapMistralError> {
  let mapper = errorMappers.get(settings);
  if (mapper === undefined) {
    mapper = (failure) => mapMistralError(failure, settings.apiKey);
    errorMappers.set(settings, mapper);
  }
  return mapper;
}
