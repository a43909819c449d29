import { UpstreamError, defineProvider, type GatewayError, type ChatChunk, type ChatResponse, type EmbeddingsResponse, type ModelObject, type ProviderCall, type UpstreamFailure } from '@switchyard/core';
import { mapOpenAIError, mapOpenAIErrorPayload } from './map-error.js';
import { mapOpenAIChatRequest, mapOpenAIEmbeddingsRequest, mapOpenAIModelsRequest } from './map-request.js';
import { mapOpenAIResponse } from './map-response.js';
import { mapOpenAIStream } from './map-stream.js';
import { openAIPresets } from './presets.js';
import { readOpenAISettings, type OpenAISettings } from './settings.js';

/**
 * OpenAI and every OpenAI-compatible host, one preset per LiteLLM prefix (presets.ts). `openai/` with an `api_base`
 * reaches any other OpenAI-compatible server.
 *
 * There is no `supportedParams`: every param passes through, because these hosts take extras of their own (Groq's
 * reasoning_format, OpenRouter's provider routing, vLLM's guided decoding) faster than a list could follow, and a
 * param a host refuses comes back as its own 400 naming the param.
 */
export const openai = defineProvider({
  specificationVersion: 'v1',
  id: 'openai',
  prefixes: Object.keys(openAIPresets),
  checkDeployment(deployment) {
    readOpenAISettings(deployment);
  },
  chat: {
    async complete(request, call): Promise<ChatResponse> {
      const settings = readOpenAISettings(call.deployment);
      const upstream = mapOpenAIChatRequest(request, settings);
      const answer = await call.http.postJson(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: failureMapper(settings) });
      return mapOpenAIResponse<ChatResponse>(answer, settings.preset.prefix, payloadMapper(settings));
    },
    async stream(request, call): Promise<AsyncIterable<ChatChunk>> {
      const settings = readOpenAISettings(call.deployment);
      const upstream = mapOpenAIChatRequest(request, settings);
      const answer = await call.http.postStream(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: failureMapper(settings), framing: 'sse' });
      return mapOpenAIStream(answer.events, settings.preset.prefix, payloadMapper(settings));
    },
  },
  embeddings: {
    async create(request, call): Promise<EmbeddingsResponse> {
      const settings = readOpenAISettings(call.deployment);
      const upstream = mapOpenAIEmbeddingsRequest(request, settings);
      const answer = await call.http.postJson(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: failureMapper(settings) });
      return mapOpenAIResponse<EmbeddingsResponse>(answer, settings.preset.prefix, payloadMapper(settings));
    },
  },
  async listModels(call: ProviderCall): Promise<ModelObject[]> {
    const settings = readOpenAISettings(call.deployment);
    const upstream = mapOpenAIModelsRequest(settings);
    const answer = await call.http.getJson(upstream.url, { headers: upstream.headers, mapError: failureMapper(settings) });
    const list = mapOpenAIResponse<{ data?: unknown }>(answer, settings.preset.prefix, payloadMapper(settings));
    if (!Array.isArray(list.data)) {
      throw new UpstreamError({ provider: settings.preset.prefix, upstreamStatus: answer.status, code: 'upstream_invalid_response', message: `${settings.preset.prefix} answered GET /models without a data list`, retryable: true });
    }
    return list.data as ModelObject[];
  },
});

interface ErrorMappers {
  failure: (failure: UpstreamFailure) => GatewayError;
  payload: (payload: { error: unknown }, text: string) => GatewayError;
}

// Built once per deployment's settings rather than as two new closures on every request.
const errorMappers = new WeakMap<OpenAISettings, ErrorMappers>();

function mappersFor(settings: OpenAISettings): ErrorMappers {
  let mappers = errorMappers.get(settings);
  if (mappers === undefined) {
    mappers = {
      failure: (failure) => mapOpenAIError(settings.preset, failure, settings.apiKey),
      payload: (payload, text) => mapOpenAIErrorPayload(settings.preset, payload, text, settings.apiKey),
    };
    errorMappers.set(settings, mappers);
  }
  return mappers;
}

function failureMapper(settings: OpenAISettings): ErrorMappers['failure'] {
  return mappersFor(settings).failure;
}

function payloadMapper(settings: OpenAISettings): ErrorMappers['payload'] {
  return mappersFor(settings).payload;
}
