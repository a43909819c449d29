import { randomBytes } from 'node:crypto';
import { GatewayError, UpstreamError, defineProvider, type ChatChunk, type ChatResponse, type EmbeddingsResponse, type ModelObject, type ProviderCall, type UpstreamFailure } from '@switchyard/core';
import { mapOllamaEmbeddings } from './map-embeddings.js';
import { mapOllamaError, mapOllamaErrorPayload } from './map-error.js';
import { mapOllamaModels } from './map-models.js';
import { mapOllamaChatRequest, mapOllamaEmbedRequest, mapOllamaModelsRequest, ollamaChatParams, ollamaEmbeddingParams, ollamaExtraParams } from './map-request.js';
import { mapOllamaResponse, type OllamaAnswerContext } from './map-response.js';
import { mapOllamaStream } from './map-stream.js';
import { ollamaOptionTypes, readOllamaSettings, type OllamaSettings } from './settings.js';

/**
 * Ollama's native API (/api/chat, /api/embed, /api/tags), for a local server or ollama.com. LiteLLM's two prefixes
 * both land here: `ollama/` (LiteLLM's /api/generate route) and `ollama_chat/` are served alike through /api/chat,
 * the endpoint that carries roles, tools, images and thinking.
 */
export const ollama = defineProvider({
  specificationVersion: 'v1',
  id: 'ollama',
  prefixes: ['ollama', 'ollama_chat'],
  supportedParams: () => supportedParams,
  checkDeployment(deployment) {
    readOllamaSettings(deployment);
  },
  chat: {
    async complete(request, call): Promise<ChatResponse> {
      const settings = readOllamaSettings(call.deployment);
      const upstream = mapOllamaChatRequest(request, settings, false);
      const answer = await reaching(settings, call.http.postJson(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: errorMapper(settings) }));
      const body = answer.body as { error?: unknown; status?: unknown } | null;
      if (typeof body === 'object' && body !== null && body.error !== undefined && body.error !== null) throw mapOllamaErrorPayload(body, settings.apiKey);
      return mapOllamaResponse(answer.body, answerContext(call));
    },
    async stream(request, call): Promise<AsyncIterable<ChatChunk>> {
      const settings = readOllamaSettings(call.deployment);
      const upstream = mapOllamaChatRequest(request, settings, true);
      const answer = await reaching(
        settings,
        call.http.postStream(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: errorMapper(settings), framing: 'ndjson' }),
      );
      return mapOllamaStream(answer.events, { ...answerContext(call), includeUsage: request.stream_options?.include_usage === true, apiKey: settings.apiKey });
    },
  },
  embeddings: {
    async create(request, call): Promise<EmbeddingsResponse> {
      const settings = readOllamaSettings(call.deployment);
      const upstream = mapOllamaEmbedRequest(request, settings);
      const answer = await reaching(settings, call.http.postJson(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: errorMapper(settings) }));
      return mapOllamaEmbeddings(answer.body, request.model, request.encoding_format);
    },
  },
  async listModels(call: ProviderCall): Promise<ModelObject[]> {
    const settings = readOllamaSettings(call.deployment);
    const upstream = mapOllamaModelsRequest(settings);
    const answer = await reaching(settings, call.http.getJson(upstream.url, { headers: upstream.headers, mapError: errorMapper(settings) }));
    return mapOllamaModels(answer.body);
  },
});

const supportedParams: ReadonlySet<string> = new Set([...ollamaChatParams, ...ollamaEmbeddingParams, ...ollamaExtraParams, ...Object.keys(ollamaOptionTypes)]);

function answerContext(call: ProviderCall): OllamaAnswerContext {
  return {
    // Ollama answers carry no id; OpenAI clients expect one per completion.
    id: `chatcmpl-${randomBytes(12).toString('hex')}`,
    now: Math.floor(Date.now() / 1000),
    newToolCallId: () => `call_${randomBytes(12).toString('hex')}`,
    model: call.deployment.model,
  };
}

const errorMappers = new WeakMap<OllamaSettings, (failure: UpstreamFailure) => GatewayError>();

function errorMapper(settings: OllamaSettings): (failure: UpstreamFailure) => GatewayError {
  let mapper = errorMappers.get(settings);
  if (mapper === undefined) {
    mapper = (failure) => mapOllamaError(failure, settings.apiKey);
    errorMappers.set(settings, mapper);
  }
  return mapper;
}

/**
 * A refused connection most often means Ollama is not running, or runs elsewhere. Core's message names only the
 * socket address; this one names the URL tried (without credentials) and how to change it.
 */
async function reaching<T>(settings: OllamaSettings, pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (!GatewayError.isGatewayError(error) || error.code !== 'upstream_unreachable') throw error;
    const reason = (error.cause as Error | undefined)?.message;
    throw new UpstreamError({
      provider: 'ollama',
      code: 'upstream_unreachable',
      message: `ollama: could not connect to ${settings.displayUrl}${reason ? ` (${reason})` : ''}. Is Ollama running there? Start it with \`ollama serve\`, or point litellm_params.api_base (or OLLAMA_API_BASE) at your server.`,
      retryable: true,
      cause: error,
    });
  }
}
