import { UpstreamError, type ToolCall } from '@switchyard/core';
import type { OllamaToolCall } from './wire-types.js';

/*
 * Ollama's tool calls → OpenAI's: the arguments object becomes its JSON text, and a call keeps the `call_…` id Ollama
 * 0.12+ gives it. Older servers give no id; then one is generated, since OpenAI clients send each result back by id
 * (map-messages.ts finds the tool's name again from it).
 * @see https://docs.ollama.com/capabilities/tool-calling
 * @see https://github.com/ollama/ollama/blob/main/server/routes.go (toolCallId)
 */

/** Makes an id for a tool call Ollama sent without one. */
export type ToolCallIdSource = () => string;

export function mapOllamaToolCall(call: OllamaToolCall, newId: ToolCallIdSource): ToolCall {
  const name = call?.function?.name;
  if (typeof name !== 'string' || name === '') {
    throw new UpstreamError({ provider: 'ollama', code: 'upstream_invalid_response', message: 'ollama sent a tool call without a function name', retryable: true });
  }
  const args = call.function.arguments ?? {};
  const id = typeof call.id === 'string' && call.id !== '' ? call.id : newId();
  return { id, type: 'function', function: { name, arguments: JSON.stringify(args) } };
}
