import type { ChatResponse } from '@switchyard/core';
import { mapAnthropicResponse } from '@switchyard/provider-anthropic';
import { mapGeminiResponse } from '@switchyard/provider-gemini';
import type { VertexPublisher } from './publisher.js';

/*
 * A Vertex AI answer → chat.completion. A Gemini model answers a GenerateContentResponse (with Vertex's createTime,
 * which becomes `created`), a Claude model an Anthropic Message; each goes to its provider's mapper under the
 * vertex_ai id, so errors and messages name this provider.
 */

const providerId = 'vertex_ai';

export interface VertexResponseOptions {
  readonly publisher: VertexPublisher;
  /** The deployment's model id, reported when the answer names none. */
  readonly model: string;
  /** Unix seconds, for answers without a timestamp of their own. */
  readonly created: number;
}

export function mapVertexResponse(body: unknown, options: VertexResponseOptions): ChatResponse {
  const shared = { provider: providerId, model: options.model, created: options.created };
  return options.publisher === 'anthropic' ? mapAnthropicResponse(body, shared) : mapGeminiResponse(body, shared);
}
