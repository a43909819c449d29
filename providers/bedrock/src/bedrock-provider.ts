import { randomUUID } from 'node:crypto';
import { GatewayError, catalogEntryFor, defineProvider, headerValue, type ChatChunk, type ChatResponse, type Deployment, type EmbeddingsResponse, } from '@switchyard/core';
import { bedrockTarget } from './credentials.js';
import { decodeBedrockEventStream } from './decode-event-stream.js';
import { mapBedrockEmbeddingsRequest, mapBedrockEmbeddingsResponse, type BedrockEmbeddingAnswer } from './map-embeddings.js';
import { mapBedrockError } from './map-error.js';
import { bedrockChatUrl, encodeBedrockModelId, mapBedrockChatRequest } from './map-request.js';
import { mapBedrockResponse } from './map-response.js';
import { mapBedrockStream } from './map-stream.js';
import { readBedrockSettings, type BedrockSettings } from './settings.js';
import { prepareBedrockCall } from './upstream-call.js';
import type { ConverseResponseBody } from './wire-types.js';

/**
 * AWS Bedrock: chat through the Converse and ConverseStream APIs (every model family they serve), SigV4-signed or
 * with a Bedrock API key, and Titan and Cohere embeddings through InvokeModel.
 */

const chatParams = ['stream_options', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'n', 'stop', 'temperature', 'top_p', 'max_tokens', 'max_completion_tokens'];
const claudeParams = ['reasoning_effort', 'thinking', 'top_k'];
const embeddingParams: Readonly<Record<string, string[]>> = { 'titan-v1': ['encoding_format'], 'titan-v2': ['encoding_format', 'dimensions'], cohere: ['encoding_format', 'input_type'] };

export const bedrock = defineProvider({
  specificationVersion: 'v1',
  id: 'bedrock',
  prefixes: ['bedrock'],
  supportedParams(deployment): ReadonlySet<string> {
    const settings = readBedrockSettings(deployment);
    if (settings.embedding !== undefined) return new Set(embeddingParams[settings.embedding]);
    return new Set(settings.claude ? [...chatParams, ...claudeParams] : chatParams);
  },
  checkDeployment(deployment) {
    readBedrockSettings(deployment);
  },
  chat: {
    async complete(request, call): Promise<ChatResponse> {
      const settings = chatSettings(call.deployment);
      const target = await bedrockTarget(settings);
      const body = mapBedrockChatRequest(request, settings, { defaultMaxTokens: catalogEntryFor(call.deployment)?.max_output_tokens });
      const upstream = await prepareBedrockCall(bedrockChatUrl(target.baseUrl, settings, false), body, settings, target);
      const answer = await call.http.postJson<ConverseResponseBody>(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: mapBedrockError });
      return mapBedrockResponse(answer.body, answerMeta(answer.headers, settings));
    },
    async stream(request, call): Promise<AsyncIterable<ChatChunk>> {
      const settings = chatSettings(call.deployment);
      const target = await bedrockTarget(settings);
      const body = mapBedrockChatRequest(request, settings, { defaultMaxTokens: catalogEntryFor(call.deployment)?.max_output_tokens });
      const upstream = await prepareBedrockCall(bedrockChatUrl(target.baseUrl, settings, true), body, settings, target);
      const answer = await call.http.postByteStream(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: mapBedrockError });
      return mapBedrockStream(decodeBedrockEventStream(answer.body), { ...answerMeta(answer.headers, settings), includeUsage: request.stream_options?.include_usage === true });
    },
  },
  embeddings: {
    async create(request, call): Promise<EmbeddingsResponse> {
      const settings = readBedrockSettings(call.deployment);
      const format = settings.embedding;
      if (format === undefined) {
        throw new GatewayError({ code: 'invalid_request', param: 'model', message: `bedrock serves embeddings only from Titan text (amazon.titan-embed-text-*) and Cohere (cohere.embed-*) models, not ${settings.modelId}` });
      }
      const target = await bedrockTarget(settings);
      const url = `${target.baseUrl}/model/${encodeBedrockModelId(settings.modelId)}/invoke`;
      const answers: BedrockEmbeddingAnswer[] = [];
      // One call after another: Titan takes one text per call, and a burst of parallel calls would meet throttling.
      for (const body of mapBedrockEmbeddingsRequest(request, format)) {
        const upstream = await prepareBedrockCall(url, body, settings, target);
        const answer = await call.http.postJson(upstream.url, { headers: upstream.headers, body: upstream.body, mapError: mapBedrockError });
        answers.push({ body: answer.body, inputTokenHeader: headerValue(answer.headers['x-amzn-bedrock-input-token-count']) });
      }
      return mapBedrockEmbeddingsResponse(answers, format, request, settings.modelId);
    },
  },
});

function chatSettings(deployment: Deployment): BedrockSettings {
  const settings = readBedrockSettings(deployment);
  if (settings.embedding !== undefined) {
    throw new GatewayError({ code: 'invalid_request', param: 'model', message: `${settings.modelId} is an embedding model; call /v1/embeddings` });
  }
  return settings;
}

/** Converse names no completion; the request id AWS returns identifies the answer instead. */
function answerMeta(headers: Readonly<Record<string, string | string[] | undefined>>, settings: BedrockSettings): { id: string; created: number; model: string } {
  const requestId = headerValue(headers['x-amzn-requestid']);
  return { id: `chatcmpl-${requestId ?? randomUUID()}`, created: Math.floor(Date.now() / 1000), model: settings.modelId };
}
