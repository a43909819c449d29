/**
 * @switchyard/provider-gemini: the Gemini API (Google AI Studio).
 *
 * Besides the provider object, the generateContent mapping is exported for providers that serve the same wire shapes
 * (Vertex AI's Gemini models). These signatures are stable; see docs/providers/gemini.md.
 */
export { gemini as default, gemini } from './gemini-provider.js';

/** Request side: `buildGeminiRequestBody(request, { provider, model, safetySettings? })` → the generateContent body. */
export { buildGeminiRequestBody, geminiSupportedParams, type GeminiRequestOptions } from './map-request.js';
/** `mapGeminiResponse(body, { provider, model, created })` → chat.completion; throws for a blocked prompt. */
export { mapGeminiResponse, type GeminiResponseOptions } from './map-response.js';
/** `mapGeminiStream(events, { provider, model, created, includeUsage })` → chat.completion.chunk iterable. */
export { mapGeminiStream, type GeminiStreamOptions } from './map-stream.js';
/** `mapGeminiError(providerId, failure)` → UpstreamError from a google.rpc.Status body; `mapGeminiStreamError` for one inside a stream. */
export { mapGeminiError, mapGeminiStreamError } from './map-error.js';
/** Embeddings: batchEmbedContents body and answer. */
export { buildGeminiEmbeddingsBody, mapGeminiEmbeddingsResponse, type GeminiBatchEmbedRequest } from './map-embeddings.js';
/** Lower-level pieces the body builder uses, for a provider that needs to change one of them. */
export { mapGeminiMessages, type GeminiMessages, type GeminiMessagesOptions } from './map-content.js';
export { mapGeminiTools } from './map-tools.js';
export { mapGeminiThinking, geminiThinkingBudgets, geminiUsesThinkingLevel } from './map-thinking.js';
export { toGeminiJsonSchema } from './convert-schema.js';
export { mapGeminiFinishReason } from './map-finish-reason.js';
export { mapGeminiUsage } from './map-usage.js';
export type { GeminiGenerateContentRequest, GeminiGenerateContentResponse, GeminiContent, GeminiPart } from './wire-types.js';
