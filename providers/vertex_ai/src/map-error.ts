import { mapAnthropicError } from '@switchyard/provider-anthropic';
import { mapGeminiError } from '@switchyard/provider-gemini';
import type { UpstreamError, UpstreamFailure } from '@switchyard/core';
import type { VertexPublisher } from './publisher.js';

/*
 * Vertex AI answers errors as google.rpc.Status bodies, `{"error":{"code","message","status","details"}}`, the same
 * shape as the Gemini API (sometimes wrapped in a one-element array), so Gemini's mapper reads them. A Claude model's
 * own refusals (a malformed Messages body, an overloaded model) come through rawPredict in Anthropic's shape,
 * `{"type":"error","error":{"type","message"}}`, and go to Anthropic's mapper; what Vertex itself refuses before the
 * model sees the call (quota, permission, an unknown model) is still a google.rpc.Status.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/api-errors
 * @see https://docs.anthropic.com/en/api/claude-on-vertex-ai
 */

const providerId = 'vertex_ai';

export function mapVertexError(publisher: VertexPublisher, failure: UpstreamFailure): UpstreamError {
  if (publisher === 'anthropic' && isAnthropicError(failure.bodyText)) return mapAnthropicError(providerId, failure);
  return mapGeminiError(providerId, failure);
}

function isAnthropicError(text: string): boolean {
  try {
    const body = JSON.parse(text) as { type?: unknown; error?: { type?: unknown } } | null;
    return body?.type === 'error' && typeof body.error?.type === 'string';
  } catch {
    return false;
  }
}
