import { catalogEntryFor, defineProvider, GatewayError, type ChatChunk, type ChatRequest, type ChatResponse, type EmbeddingsResponse, type ProviderCall, type UpstreamFailure } from '@switchyard/core';
import { anthropicSupportedParams } from '@switchyard/provider-anthropic';
import { geminiSupportedParams } from '@switchyard/provider-gemini';
import { mapVertexEmbeddingsRequest, mapVertexEmbeddingsResponse, vertexEmbeddingsParams } from './map-embeddings.js';
import { mapVertexError } from './map-error.js';
import { mapVertexChatBody, vertexChatCall, vertexHeaders, type VertexCallTarget } from './map-request.js';
import { mapVertexResponse } from './map-response.js';
import { mapVertexStream } from './map-stream.js';
import { isEmbeddingModel } from './publisher.js';
import { readVertexSettings, vertexModelUrl, type VertexSettings } from './settings.js';
import { createVertexAuth, type VertexAuth } from './vertex-auth.js';

const PROVIDER_ID = 'vertex_ai';

/** Gemini's chat params; `dimensions` and `encoding_format` belong to the embedding deployments here. */
const geminiChatParams: ReadonlySet<string> = new Set([...geminiSupportedParams].filter((param) => param !== 'dimensions' && param !== 'encoding_format'));

// One GoogleAuth per deployment's settings: it holds the cached token and refreshes it.
const auths = new WeakMap<VertexSettings, VertexAuth>();
const errorMappers = new WeakMap<VertexSettings, (failure: UpstreamFailure) => GatewayError>();
const now = (): number => Math.floor(Date.now() / 1000);

/**
 * Google Cloud Vertex AI for `vertex_ai/<model>` deployments: Gemini models through generateContent, Claude models
 * (`claude-*`) through Anthropic's rawPredict, and Google's text embedding models through predict. Requests are
 * authorised with OAuth2 access tokens from google-auth-library (a service account key, or Application Default
 * Credentials including the metadata server).
 */
export const vertexAi = defineProvider({
  specificationVersion: 'v1',
  id: PROVIDER_ID,
  prefixes: [PROVIDER_ID],
  supportedParams(deployment) {
    const settings = readVertexSettings(deployment);
    if (isEmbeddingModel(settings.model)) return vertexEmbeddingsParams;
    return settings.publisher === 'anthropic' ? anthropicSupportedParams : geminiChatParams;
  },
  checkDeployment(deployment) {
    readVertexSettings(deployment);
  },
  chat: {
    async complete(request, call): Promise<ChatResponse> {
      const settings = readVertexSettings(call.deployment);
      const body = mapVertexChatBody(request, settings, { stream: false, defaultMaxTokens: defaultMaxTokens(call, settings) });
      const upstream = vertexChatCall(settings, await callTarget(call, settings), false, body);
      const answer = await call.http.postJson(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: errorMapper(settings) });
      return mapVertexResponse(answer.body, { publisher: settings.publisher, model: settings.model, created: now() });
    },
    async stream(request: ChatRequest, call): Promise<AsyncIterable<ChatChunk>> {
      const settings = readVertexSettings(call.deployment);
      const body = mapVertexChatBody(request, settings, { stream: true, defaultMaxTokens: defaultMaxTokens(call, settings) });
      const upstream = vertexChatCall(settings, await callTarget(call, settings), true, body);
      const answer = await call.http.postStream(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: errorMapper(settings), framing: 'sse' });
      const includeUsage = request.stream_options?.include_usage === true;
      return mapVertexStream(answer.events, { publisher: settings.publisher, model: settings.model, created: now(), includeUsage });
    },
  },
  embeddings: {
    async create(request, call): Promise<EmbeddingsResponse> {
      const settings = readVertexSettings(call.deployment);
      if (!isEmbeddingModel(settings.model)) {
        throw new GatewayError({ code: 'invalid_request', param: 'model', message: `${PROVIDER_ID}: ${settings.model} is not an embedding model (text-embedding-*, text-multilingual-embedding-*, gemini-embedding-*)` });
      }
      const body = mapVertexEmbeddingsRequest(request);
      const target = await callTarget(call, settings);
      const answer = await call.http.postJson(vertexModelUrl(settings, target.project, 'predict'), { headers: vertexHeaders(settings, target), body, mapError: errorMapper(settings) });
      return mapVertexEmbeddingsResponse(answer.body, request, settings.model);
    },
  },
});

/** The project (asked of ADC when the config names none) and fresh auth headers. */
async function callTarget(call: ProviderCall, settings: VertexSettings): Promise<VertexCallTarget> {
  let auth = auths.get(settings);
  if (auth === undefined) auths.set(settings, (auth = createVertexAuth(settings.credentials)));
  const [project, authHeaders] = await Promise.all([settings.project ?? auth.projectId(call.signal), auth.headers(call.signal)]);
  return { project, authHeaders };
}

/** Claude requires max_tokens: the catalog's max_output_tokens for vertex_ai/<model> when the request has none. */
function defaultMaxTokens(call: ProviderCall, settings: VertexSettings): number | undefined {
  return settings.publisher === 'anthropic' ? catalogEntryFor(call.deployment)?.max_output_tokens : undefined;
}

function errorMapper(settings: VertexSettings): (failure: UpstreamFailure) => GatewayError {
  let mapper = errorMappers.get(settings);
  if (mapper === undefined) errorMappers.set(settings, (mapper = (failure) => mapVertexError(settings.publisher, failure)));
  return mapper;
}
