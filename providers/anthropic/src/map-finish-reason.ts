import type { FinishReason } from '@switchyard/core';

/*
 * Anthropic's stop_reason values and what an OpenAI client should do with each.
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */

/** The OpenAI finish_reason of an Anthropic stop_reason; null for a value this mapping does not know. */
export function mapAnthropicFinishReason(stopReason: string | null | undefined): FinishReason | null {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    // The prompt and answer together reached the model's context window: the answer was cut, as with max_tokens.
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    // A server-side tool loop paused a long turn. The answer so far is complete as it stands; the client may send it
    // back as an assistant turn to let the model continue. provider_finish_reason says so.
    case 'pause_turn':
      return 'stop';
    default:
      return null;
  }
}

/** Anthropic's raw stop_reason, for `provider_finish_reason`, when finish_reason alone loses what it said. */
export function anthropicFinishDetail(stopReason: string | null | undefined): string | undefined {
  if (stopReason === null || stopReason === undefined) return undefined;
  return stopReason === 'end_turn' || stopReason === 'max_tokens' || stopReason === 'tool_use' ? undefined : stopReason;
}
