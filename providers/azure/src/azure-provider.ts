import { defineProvider, type ChatChunk, type ChatResponse, type EmbeddingsResponse, type ProviderCall, type UpstreamFailure, type GatewayError } from '@switchyard/core';
import { entraTokenFor } from './entra-token.js';
import { mapAzureError } from './map-error.js';
import { mapAzureChatRequest, mapAzureEmbeddingsRequest } from './map-request.js';
import { mapAzureResponse } from './map-response.js';
import { mapAzureStream } from './map-stream.js';
import { readAzureSettings, type AzureSettings } from './settings.js';

/**
 * Azure OpenAI deployments (`azure/<deployment>`) and Azure AI Foundry model endpoints (`azure_ai/<model>`). Both speak
 * OpenAI's wire format, so the request, answer, stream and error mapping are the OpenAI provider's; this package adds
 * Azure's URLs, its `api-key` / Entra ID sign-in and its own error shapes (settings.ts, entra-token.ts, map-error.ts).
 *
 * There is no `supportedParams`: Azure OpenAI is a faithful copy of OpenAI's API and every param passes through, as
 * with the OpenAI provider; a param a deployment refuses comes back as Azure's own 400 naming it.
 */
export const azure = defineProvider({
  specificationVersion: 'v1',
  id: 'azure',
  prefixes: ['azure', 'azure_ai'],
  checkDeployment(deployment) {
    readAzureSettings(deployment);
  },
  chat: {
    async complete(request, call): Promise<ChatResponse> {
      const settings = readAzureSettings(call.deployment);
      const upstream = mapAzureChatRequest(request, settings, await bearerTokenFor(settings, call));
      const answer = await call.http.postJson(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: failureMapper(settings) });
      return mapAzureResponse<ChatResponse>(answer, settings);
    },
    async stream(request, call): Promise<AsyncIterable<ChatChunk>> {
      const settings = readAzureSettings(call.deployment);
      const upstream = mapAzureChatRequest(request, settings, await bearerTokenFor(settings, call));
      const answer = await call.http.postStream(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: failureMapper(settings), framing: 'sse' });
      return mapAzureStream(answer.events, settings);
    },
  },
  embeddings: {
    async create(request, call): Promise<EmbeddingsResponse> {
      const settings = readAzureSettings(call.deployment);
      const upstream = mapAzureEmbeddingsRequest(request, settings, await bearerTokenFor(settings, call));
      const answer = await call.http.postJson(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: failureMapper(settings) });
      return mapAzureResponse<EmbeddingsResponse>(answer, settings);
    },
  },
});

async function bearerTokenFor(settings: AzureSettings, call: ProviderCall): Promise<string | undefined> {
  return settings.auth.kind === 'client-secret' ? entraTokenFor(settings, call) : undefined;
}

// Built once per deployment's settings rather than as a new closure on every request.
const failureMappers = new WeakMap<AzureSettings, (failure: UpstreamFailure) => GatewayError>();

function failureMapper(settings: AzureSettings): (failure: UpstreamFailure) => GatewayError {
  let mapper = failureMappers.get(settings);
  if (mapper === undefined) {
    mapper = (failure) => mapAzureError(settings, failure);
    failureMappers.set(settings, mapper);
  }
  return mapper;
}
