export { anthropic as default, anthropic } from './anthropic-provider.js';

/*
 * The Anthropic Messages mapping, for providers that serve Claude over the same wire under another URL and auth
 * (Vertex AI's rawPredict / streamRawPredict). These signatures are stable.
 */

/** Builds the Messages body of an OpenAI chat request (`model` left out when undefined). */
export { mapAnthropicRequestBody, fallbackMaxTokens, type AnthropicBodyOptions } from './map-request.js';
/** Maps a 2xx Messages answer to a chat.completion. */
export { mapAnthropicResponse, type AnthropicResponseOptions, type AnthropicThinkingBlockOut } from './map-response.js';
/** Maps a Messages SSE stream (core's UpstreamEvent iterable) to chat.completion.chunk objects. */
export { mapAnthropicStream, type AnthropicStreamOptions } from './map-stream.js';
/** Maps a failed answer `(providerId, failure)`; mapAnthropicStreamError maps an `error` event's data. */
export { mapAnthropicError, mapAnthropicStreamError } from './map-error.js';
/** The OpenAI params the mapping carries, for `supportedParams`. */
export { anthropicSupportedParams } from './supported-params.js';
export { mapAnthropicUsage } from './map-usage.js';
export { mapAnthropicFinishReason } from './map-finish-reason.js';
export { anthropicThinkingBudgets } from './map-reasoning.js';
export { readAnthropicSettings, resolveAnthropicSettings, anthropicVersion, type AnthropicSettings } from './settings.js';
export type { AnthropicMessagesBody } from './wire-types.js';
