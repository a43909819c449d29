import { catalogEntryFor, defineProvider, type ChatChunk, type ChatResponse, type UpstreamFailure } from '@switchyard/core';
import { mapAnthropicError } from './map-error.js';
import { mapAnthropicRequest } from './map-request.js';
import { mapAnthropicResponse } from './map-response.js';
import { mapAnthropicStream } from './map-stream.js';
import { readAnthropicSettings } from './settings.js';
import { anthropicSupportedParams } from './supported-params.js';

const PROVIDER_ID = 'anthropic';

const mapError = (failure: UpstreamFailure) => mapAnthropicError(PROVIDER_ID, failure);

/** Anthropic's Messages API (Claude): `anthropic/<model>` deployments. */
export const anthropic = defineProvider({
  specificationVersion: 'v1',
  id: PROVIDER_ID,
  prefixes: [PROVIDER_ID],
  supportedParams: () => anthropicSupportedParams,
  checkDeployment(deployment) {
    readAnthropicSettings(deployment);
  },
  chat: {
    async complete(request, call): Promise<ChatResponse> {
      const deployment = call.deployment;
      const upstream = mapAnthropicRequest(request, readAnthropicSettings(deployment), { model: deployment.model, defaultMaxTokens: catalogEntryFor(deployment)?.max_output_tokens, stream: false });
      const answer = await call.http.postJson(upstream.url, { headers: upstream.headers, body: upstream.body, mapError });
      return mapAnthropicResponse(answer.body, { provider: PROVIDER_ID, model: deployment.model });
    },
    async stream(request, call): Promise<AsyncIterable<ChatChunk>> {
      const deployment = call.deployment;
      const upstream = mapAnthropicRequest(request, readAnthropicSettings(deployment), { model: deployment.model, defaultMaxTokens: catalogEntryFor(deployment)?.max_output_tokens, stream: true });
      const answer = await call.http.postStream(upstream.url, { headers: upstream.headers, body: upstream.body, mapError, framing: 'sse' });
      return mapAnthropicStream(answer.events, { provider: PROVIDER_ID, model: deployment.model, includeUsage: request.stream_options?.include_usage === true });
    },
  },
});
